-- Fcan's PostgreSQL schema for Orleans' ADO.NET providers, written for Fcan (the providers' NuGet packages ship no
-- scripts). The providers read their SQL from OrleansQuery by key and bind the parameters named in each text; the
-- tables behind those texts are Fcan's own. Every file is idempotent: PostgresSchema runs them at each silo start.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);
