"""Word lists every stage may share (the ground floor): calendar words, the framing lexicon."""
