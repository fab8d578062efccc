/// <reference lib="dom" />
/** Small shared pieces of the dashboard's markup: status badges, stat cards, scrollable tables. */
import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import type { Light } from './format.ts';

/** A coloured dot with words: the colour repeats the text, never replaces it. */
export function Badge({ light, label }: { light: Light; label: string }) {
  return html`<span class=${`badge badge-${light}`} data-light=${light}
    ><span class="dot" aria-hidden="true"></span>${label}</span
  >`;
}

/** One figure of the stat row. */
export function StatCard({
  name,
  label,
  value,
  small = false,
}: {
  name: string;
  label: string;
  value: string;
  small?: boolean;
}) {
  return html`<div class=${small ? 'card card-small' : 'card'} data-stat=${name}>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;
}

/** A table that scrolls sideways on a phone; focusable so the keyboard can scroll it too. */
export function TableBox({ label, children }: { label: string; children: ComponentChildren }) {
  return html`<div class="table-box" role="region" aria-label=${label} tabindex="0">${children}</div>`;
}
