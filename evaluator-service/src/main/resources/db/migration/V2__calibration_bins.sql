-- The clean images' reliability diagram: one object per equal-width confidence bin, in bin order
-- ({"lower", "upper", "count", "correct", "accuracy", "confidence"}). NULL for evaluations stored before
-- the bins were kept and for any evaluation not SUCCEEDED; readers take NULL as no bins.
ALTER TABLE evaluations ADD COLUMN calibration_bins JSONB;
