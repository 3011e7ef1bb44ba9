"""The hostile fixture set: datasets and zips built at test time (see :mod:`hostile.generate`)."""
