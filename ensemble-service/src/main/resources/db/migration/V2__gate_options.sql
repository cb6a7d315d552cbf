-- Gate options beyond the closest k domains' equal mean: the feature compared (the whole log
-- spectrum, or its radial band means) and soft weighting of the chosen domains by distance.
-- Existing decks keep the gate they were created with: the whole spectrum and equal weights.
ALTER TABLE decks
    ADD COLUMN feature     TEXT             NOT NULL DEFAULT 'spectrum' CHECK (feature IN ('spectrum', 'bands')),
    ADD COLUMN bands       INTEGER          CHECK (bands BETWEEN 2 AND 8),
    ADD COLUMN weighting   TEXT             NOT NULL DEFAULT 'equal' CHECK (weighting IN ('equal', 'soft')),
    ADD COLUMN temperature DOUBLE PRECISION CHECK (temperature >= 0.001 AND temperature <= 1000),
    ADD CONSTRAINT decks_bands_of_the_band_feature CHECK ((feature = 'bands') = (bands IS NOT NULL)),
    ADD CONSTRAINT decks_temperature_of_soft_weighting CHECK ((weighting = 'soft') = (temperature IS NOT NULL));
