import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.ts';
import { redact } from '../../core/redact.ts';
import { openRepository } from '../../core/repository/repository-config.ts';
import { createContext, type GlobalOptions } from '../context.ts';

/** `db-backup report compliance --since 90d`: the period's evidence bundle as JSON, Markdown and SVG files. */
export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('evidence reports for auditors');
  report
    .command('compliance')
    .description(
      'gather a period of drills, backup runs, verification and retention into one evidence bundle',
    )
    .option('--since <duration>', 'the period to cover, ending now, e.g. 90d', '90d')
    .option('-o, --output-dir <dir>', 'where to write the report files', 'compliance-reports')
    .action(async (flags: { since: string; outputDir: string }, command: Command) => {
      const [{ renderComplianceMarkdown, renderComplianceSvg }, { gatherComplianceReport }] =
        await Promise.all([
          import('../../core/report/compliance-render.ts'),
          import('../../core/report/gather-compliance.ts'),
        ]);
      const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
      await openRepository(ctx.storage, { create: false });
      const result = await gatherComplianceReport({
        config: ctx.config,
        storage: ctx.storage,
        since: flags.since,
      });
      const dir = resolve(flags.outputDir);
      await mkdir(dir, { recursive: true });
      const stamp = result.generatedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      const files = {
        json: join(dir, `compliance-report-${stamp}.json`),
        markdown: join(dir, `compliance-report-${stamp}.md`),
        svg: join(dir, `compliance-rpo-rto-${stamp}.svg`),
      };
      await writeFile(files.json, redact(`${JSON.stringify(result, null, 2)}\n`));
      await writeFile(files.markdown, redact(renderComplianceMarkdown(result)));
      await writeFile(files.svg, redact(renderComplianceSvg(result)));
      ctx.out.result({ report: result, files });
      ctx.out.line(
        `compliance ${result.status === 'compliant' ? 'COMPLIANT' : 'NOT COMPLIANT'} for ${result.period.since} → ${result.period.until}`,
      );
      for (const finding of result.findings) ctx.out.line(`  finding: ${finding}`);
      for (const db of result.databases) {
        ctx.out.line(
          `  ${db.database}: ${db.backupSuccesses}/${db.backupAttempts} backup runs ok, newest ${db.newestBackupAgeMinutes ?? 'n/a'} min old, ${db.drillsCompliant}/${db.drills.length} drills compliant`,
        );
      }
      ctx.out.line(`report: ${files.json}`);
      if (result.status !== 'compliant') process.exitCode = ExitCode.notCompliant;
    });
}
