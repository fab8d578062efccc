/// <reference lib="dom" />
/** The dashboard's entry: the style sheets (bundled into app.css) and the root component. */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { html, render } from 'htm/preact';
import { App } from './app.ts';

render(html`<${App} />`, document.getElementById('app')!);
