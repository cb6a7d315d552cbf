-- A model's card (Markdown): what the model is, its data, recipe, figures, use and limits, licence.
-- The zoo's models and CARDs get theirs from the zoo manifest when they are registered; null for a
-- model registered without one.
ALTER TABLE models ADD COLUMN card TEXT CHECK (char_length(card) BETWEEN 1 AND 65536);
