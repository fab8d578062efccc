-- Deterministic benchmark dataset, scaled by :scale (1 = about 500 MB of raw pg_dump output).
-- A realistic mix: text from a vocabulary, numbers, timestamps, jsonb, bytea and indexes; compresses about 3x
-- under zstd -3 (pgbench tables compress ~50x and flatter every codec, so they are not used alone).
\set ON_ERROR_STOP on
SET synchronous_commit = off;
DROP TABLE IF EXISTS events, customers, attachments;
CREATE TABLE customers (
  id int PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  country char(2) NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE events (
  id bigint PRIMARY KEY,
  customer_id int NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL,
  amount numeric(12, 2),
  session uuid NOT NULL,
  payload jsonb NOT NULL,
  note text
);
CREATE TABLE attachments (
  id int PRIMARY KEY,
  event_id bigint NOT NULL,
  mime text NOT NULL,
  body bytea NOT NULL
);
INSERT INTO customers
SELECT i,
       (ARRAY['Ada','Grace','Linus','Barbara','Ken','Edsger','Margaret','Donald'])[1 + i % 8] || ' ' ||
       (ARRAY['Lovelace','Hopper','Torvalds','Liskov','Thompson','Dijkstra','Hamilton','Knuth'])[1 + (i / 8) % 8],
       'user' || i || '@example.' || (ARRAY['com','org','net','io'])[1 + i % 4],
       (ARRAY['DE','US','FR','JP','BR','IN','NG','SE'])[1 + i % 8],
       timestamptz '2020-01-01' + (i || ' minutes')::interval
FROM generate_series(1, (250000 * :scale)::int) i;
INSERT INTO events
SELECT i,
       1 + (i * 7919) % (250000 * :scale)::int,
       (ARRAY['page_view','click','purchase','signup','logout','search','refund','share'])[1 + (i * 31) % 8],
       timestamptz '2024-01-01' + ((i * 13) || ' seconds')::interval,
       ((i * 104729) % 100000) / 100.0,
       md5(i::text)::uuid,
       jsonb_build_object(
         'path', '/products/' || (i % 5000) || '/details',
         'agent', (ARRAY['Mozilla/5.0 (X11; Linux x86_64)','Mozilla/5.0 (Macintosh)','curl/8.5.0','okhttp/4.12'])[1 + i % 4],
         'ref', substr(md5((i * 3)::text), 1, 12),
         'items', jsonb_build_array(i % 97, i % 89, i % 83),
         'ab', (i % 2 = 0)),
       CASE WHEN i % 3 = 0 THEN NULL ELSE
         'customer ' || (i % 1000) || ' reported ' ||
         (ARRAY['slow checkout','missing invoice','double charge','great service','late delivery','wrong size'])[1 + i % 6] ||
         ' ref ' || substr(md5((i * 7)::text), 1, 16) END
FROM generate_series(1::bigint, (1600000 * :scale)::bigint) i;
INSERT INTO attachments
SELECT i, i * 10,
       (ARRAY['image/png','application/pdf','text/plain'])[1 + i % 3],
       decode(md5((i * 11)::text) || md5((i * 13)::text) || md5((i * 17)::text) || md5((i * 19)::text) || repeat('00', 32), 'hex')
FROM generate_series(1, (375000 * :scale)::int) i;
CREATE INDEX events_customer ON events (customer_id, created_at);
CREATE INDEX events_kind ON events (kind);
CREATE INDEX customers_email ON customers (email);
-- The steady state autovacuum leaves a database in (hint bits and visibility map set), reached now rather than by
-- an autovacuum worker firing in the middle of a measured run.
VACUUM ANALYZE;
