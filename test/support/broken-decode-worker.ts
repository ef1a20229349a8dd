// A decoding worker that cannot start (as a missing or broken worker script would), for the pool's tests.
throw new Error('cannot start');
