CREATE TABLE IF NOT EXISTS jobs (id serial primary key, name text not null);
