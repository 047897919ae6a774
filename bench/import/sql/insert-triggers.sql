-- 100,000 rows inserted into the seeded bench database's transactions (1,000,000 rows,
-- `npm run bench:api` makes it) with its triggers (foreign-key checks and the list cache's
-- NOTIFY), with work_mem raised for the NOTIFY trigger's transition table, and with no
-- triggers at all (session_replication_role = replica). Every insert is rolled back.
--   psql -h 127.0.0.1 -U postgres -d fincoach_bench -f bench/import/sql/insert-triggers.sql
\timing on
-- Each run: stage the rows, then insert them (psql variables, so every run does the same).
\set stage 'create temp table st as select u.id as user_id, a.id as account_id, (current_date - (g % 1000)) as date, -(g % 5000)::bigint as amount_minor, a.currency, ''desc '' || g as description, ''ext-'' || g || ''-'' || random() as external_id  from generate_series(1,100000) g, lateral (select id from users where email=''bench-1@example.com'') u, lateral (select id, currency from accounts where user_id = u.id limit 1) a;'
\set insert 'insert into transactions (user_id, account_id, date, amount_minor, currency, description, external_id) select * from st on conflict do nothing;'
begin;
:stage
\echo WITH TRIGGERS work_mem 4MB
:insert
rollback;
begin;
:stage
set local work_mem = '128MB';
\echo WITH TRIGGERS work_mem 128MB
:insert
rollback;
begin;
:stage
set local session_replication_role = replica;
\echo NO TRIGGERS
:insert
rollback;
