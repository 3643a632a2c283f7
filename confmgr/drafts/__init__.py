"""Draft engine: structure, alignment, word diffs and comparison of draft revisions (pure logic)."""
