-- The import's INSERT ... SELECT ... ON CONFLICT, 100,000 rows, into two copies of the
-- transactions table's columns in a scratch database, alternating three times:
--   a: the indexes before migration 0002 (user/date, account/date, category, transfer, and
--      the partial unique (user_id, account_id, external_id));
--   b: one index fewer (no account/date; unique (account_id, external_id), not partial), as
--      migration 0002 made them (it also made category and transfer partial).
-- No foreign keys or triggers (see insert-triggers.sql). Each insert commits and is
-- truncated, so no run pays for another's dead rows.
--   psql -h 127.0.0.1 -U postgres -d postgres -f bench/import/sql/index-layouts.sql
\timing on
drop database if exists scratch_alt;
create database scratch_alt;
\c scratch_alt
create table a (id uuid primary key default gen_random_uuid(), user_id uuid not null, account_id uuid not null, date date not null, amount_minor bigint not null, currency char(3) not null, description text not null, merchant text, category_id uuid, notes text, tags text[] not null default '{}', external_id text, import_id uuid, transfer_id uuid, created_at timestamptz not null default now(), updated_at timestamptz not null default now());
create table b (like a including defaults);
alter table b add primary key (id);
create index on a (user_id, date desc, id desc);
create index on a (account_id, date desc, id desc);
create index on a (category_id);
create index on a (transfer_id);
create unique index a_ext on a (user_id, account_id, external_id) where external_id is not null;
create index on b (user_id, date desc, id desc);
create index on b (category_id);
create index on b (transfer_id);
create unique index b_ext on b (account_id, external_id);
create table st as select (current_date - (g % 1000)) as date, -(g % 5000)::bigint as amount_minor, 'CARD PAYMENT TO SOME MERCHANT LTD ' || g as description, 'csv:' || encode(sha256(g::text::bytea), 'hex') || ':1' as external_id from generate_series(1,100000) g;
-- Each run inserts, then truncates (psql variables, so every run does the same).
\set insert_a 'insert into a (user_id, account_id, currency, date, amount_minor, description, external_id) select ''11111111-1111-4111-8111-111111111111'', ''22222222-2222-4222-8222-222222222222'', ''GBP'', date, amount_minor, description, external_id from st on conflict (user_id, account_id, external_id) where external_id is not null do nothing; truncate a;'
\set insert_b 'insert into b (user_id, account_id, currency, date, amount_minor, description, external_id) select ''11111111-1111-4111-8111-111111111111'', ''22222222-2222-4222-8222-222222222222'', ''GBP'', date, amount_minor, description, external_id from st on conflict (account_id, external_id) do nothing; truncate b;'
\echo A
:insert_a
\echo B
:insert_b
\echo A
:insert_a
\echo B
:insert_b
\echo A
:insert_a
\echo B
:insert_b
\c postgres
drop database scratch_alt;
