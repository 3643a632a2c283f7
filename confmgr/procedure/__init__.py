"""Rules of procedure: the parameters the engine applies, motions, votes and decisions."""
