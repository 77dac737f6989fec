-- A reference may only be indexed while its target is not deleted. The target's row is locked
-- (FOR KEY SHARE, as a foreign key check would) before its state is read, so a delete that locked
-- the row first is waited for and then seen, and a delete that comes later waits for this write and
-- then finds the new reference. See no.fjord.storage.integrity.DeleteLockInterceptor for the other half.
CREATE OR REPLACE FUNCTION fjord_reference_target_live() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
	target_id text;
	deleted_at timestamp;
BEGIN
	IF NEW.target_resource_id IS NULL THEN
		RETURN NEW;
	END IF;
	SELECT fhir_id, res_deleted_at INTO target_id, deleted_at
		FROM hfj_resource WHERE res_id = NEW.target_resource_id FOR KEY SHARE;
	IF deleted_at IS NOT NULL THEN
		RAISE EXCEPTION USING
			ERRCODE = 'FJ409',
			MESSAGE = NEW.target_resource_type || '/' || target_id
				|| ' has been deleted; a resource can no longer refer to it';
	END IF;
	RETURN NEW;
END
$fn$;

DROP TRIGGER IF EXISTS fjord_reference_target_live ON hfj_res_link;
CREATE TRIGGER fjord_reference_target_live
	BEFORE INSERT OR UPDATE OF target_resource_id ON hfj_res_link
	FOR EACH ROW EXECUTE FUNCTION fjord_reference_target_live();
