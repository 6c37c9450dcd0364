-- The shop's performance score (`shared::scorecard` folds defects, late shipments, cancellations, tracking and
-- handling into 0..=1,000,000), refreshed by the reputation job and read by search ranking with the rating.
-- NULL until the shop has been measured; ranking then treats it as a passing record.
ALTER TABLE sellers ADD COLUMN performance_ppm BIGINT;
ALTER TABLE sellers ADD COLUMN performance_measured_at_ms BIGINT;
