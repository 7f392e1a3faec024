-- Fcan's PostgreSQL schema for Orleans' ADO.NET providers, written for Fcan (the providers' NuGet packages ship no
-- scripts). Each file is one migration: PostgresSchema runs it once, in the `fcan` schema (every Fcan connection's
-- search path), and records its number in schema_version. A released migration never changes; a change is a new file.
-- The providers read their SQL from OrleansQuery by key and bind the parameters named in each text
-- (OrleansQueryContract checks both against the providers at every start).
CREATE TABLE OrleansQuery
(
    QueryKey varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);
