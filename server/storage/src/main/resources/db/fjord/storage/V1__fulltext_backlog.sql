-- Full-text index entries still to be written: entities whose database write committed but whose
-- index write failed (a full index disk, say). no.fjord.storage.fulltext.FulltextBacklogRepair
-- writes them and removes the row, unless the entity failed again meanwhile (a newer recorded_at).
CREATE TABLE IF NOT EXISTS fjord_fulltext_backlog (
	entity_name varchar(100) NOT NULL,
	entity_id bigint NOT NULL,
	recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
	PRIMARY KEY (entity_name, entity_id)
);
