import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/report/compliance-render.ts
var md = (text) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
var num = (n, digits = 1) => n === null ? "n/a" : n.toFixed(digits);
var pct = (n) => n === null ? "n/a" : `${(n * 100).toFixed(1)}%`;
function renderComplianceMarkdown(report) {
  const lines = [
    report.status === "compliant" ? "## \u2705 Backup compliance: COMPLIANT" : "## \u274C Backup compliance: NOT COMPLIANT",
    "",
    `Period ${report.period.since} \u2192 ${report.period.until}; targets RPO ${report.targets.rpoMinutes} min, RTO ${report.targets.rtoMinutes} min; repository \`${md(report.storage)}\`.`,
    ""
  ];
  if (report.findings.length > 0) {
    lines.push("### Findings", "", ...report.findings.map((f) => `- ${md(f)}`), "");
  }
  lines.push(
    "| database | backup runs | success rate | newest backup age | within RPO | verified / failed / unverified | drills compliant | last drill |",
    "|---|---|---|---|---|---|---|---|"
  );
  for (const db of report.databases) {
    lines.push(
      `| ${md(db.database)} | ${db.backupAttempts} | ${pct(db.backupSuccessRate)} | ${num(db.newestBackupAgeMinutes)} min | ${db.withinRpo ? "yes" : "**no**"} | ${db.verification.verified} / ${db.verification.failed} / ${db.verification.unverified} | ${db.drillsCompliant} / ${db.drills.length} | ${db.lastDrillStatus ?? "none"} |`
    );
  }
  for (const db of report.databases.filter((d) => d.drills.length > 0)) {
    lines.push(
      "",
      `### Drills of ${md(db.database)}`,
      "",
      "| drill | status | RPO measure (min) | RTO measure (min) |",
      "|---|---|---|---|"
    );
    for (const p of db.drills) {
      lines.push(
        `| ${p.drillTimestamp} | ${p.status} | ${num(p.backupAgeMinutes)}${p.rpoCompliant ? "" : " \u26A0\uFE0F"} | ${num(p.restoreDurationMinutes, 2)}${p.rtoCompliant ? "" : " \u26A0\uFE0F"} |`
      );
    }
  }
  const policy = Object.entries(report.retentionPolicy).filter(([, v]) => v !== void 0).map(([k, v]) => `${k}=${v}`).join(", ");
  lines.push(
    "",
    `Retention policy in force: ${policy || "none"}.`,
    `Generated ${report.generatedAt} by db-backup ${report.toolVersion}.`
  );
  return `${lines.join("\n")}
`;
}
var escapeXml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
function renderComplianceSvg(report) {
  const panels = report.databases.filter((d) => d.drills.length > 0);
  const width = 720;
  const panelHeight = 180;
  const height = Math.max(1, panels.length) * (panelHeight + 40) + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>RPO and RTO measures per drill against targets, ${escapeXml(report.period.since)} to ${escapeXml(report.period.until)}</title>`,
    '<rect width="100%" height="100%" fill="#fff"/>'
  ];
  if (panels.length === 0) parts.push('<text x="20" y="30">No restore drills in this period.</text>');
  for (const [index, db] of panels.entries()) {
    parts.push(renderPanel(db, report, 20 + index * (panelHeight + 40), width, panelHeight));
  }
  parts.push("</svg>");
  return `${parts.join("\n")}
`;
}
function renderPanel(db, report, top, width, height) {
  const left = 60;
  const right = width - 20;
  const plotTop = top + 20;
  const bottom = top + height;
  const { rpoMinutes, rtoMinutes } = report.targets;
  const values = db.drills.flatMap((p) => [p.backupAgeMinutes ?? 0, p.restoreDurationMinutes ?? 0]);
  const max = Math.max(rpoMinutes, rtoMinutes, ...values) * 1.1 || 1;
  const x = (i) => db.drills.length === 1 ? (left + right) / 2 : left + (right - left) * i / (db.drills.length - 1);
  const y = (v) => bottom - (bottom - plotTop) * v / max;
  const line = (pick, color) => {
    const points = db.drills.map((p, i) => [i, pick(p)]).filter((pair) => pair[1] !== null);
    const path = points.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    const dots = points.map(
      ([i, v]) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"/>`
    );
    return [`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`, ...dots].join(
      "\n"
    );
  };
  const target = (v, color, label) => `<line x1="${left}" x2="${right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="${color}" stroke-dasharray="6 4"/><text x="${right - 4}" y="${(y(v) - 4).toFixed(1)}" text-anchor="end" fill="${color}">${label} ${v} min</text>`;
  return [
    `<text x="${left}" y="${top + 12}" font-weight="bold">${escapeXml(db.database)}: RPO (blue) and RTO (orange) per drill, minutes</text>`,
    `<line x1="${left}" x2="${left}" y1="${plotTop}" y2="${bottom}" stroke="#555"/>`,
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#555"/>`,
    `<text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`,
    `<text x="${left - 6}" y="${plotTop + 10}" text-anchor="end">${max.toFixed(0)}</text>`,
    target(rpoMinutes, "#1f5fbf", "RPO target"),
    target(rtoMinutes, "#c0630f", "RTO target"),
    line((p) => p.backupAgeMinutes, "#1f5fbf"),
    line((p) => p.restoreDurationMinutes, "#c0630f")
  ].join("\n");
}

export {
  renderComplianceMarkdown,
  renderComplianceSvg
};
