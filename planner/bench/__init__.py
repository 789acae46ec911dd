"""The benchmark ladder (`planner bench`, `make bench`): sizes, timings, gaps and peak memory."""
