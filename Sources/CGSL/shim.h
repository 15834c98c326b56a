#ifndef MUSTER_CGSL_SHIM_H
#define MUSTER_CGSL_SHIM_H

#include <stdint.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_qrng.h>

/* Swift 6 rejects GSL's generator-type globals as not concurrency-safe;
   these accessors hand out the (immutable) type descriptors instead. */
static inline const gsl_rng_type *muster_rng_type_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *muster_rng_type_taus2(void) { return gsl_rng_taus2; }
/* The same for the quasi-random Sobol sequence (Bratley & Fox, 40 dimensions)
   behind the sensitivity designs. */
static inline const gsl_qrng_type *muster_qrng_type_sobol(void) { return gsl_qrng_sobol; }

/* A counter-style generator for keyed substreams.
   Muster draws every household attempt and every person's acknowledgement
   from a stream keyed by (seed, replication, entity, attempt), so both modes
   see the same numbers whatever order their events run in (common random
   numbers). Re-seeding must therefore cost nothing: SplitMix64 (Steele,
   Lea & Flood 2014; passes BigCrush) has a one-word state, unlike MT19937's
   624 words. Exposed as a gsl_rng_type so GSL's distributions draw from it. */
typedef struct { uint64_t s; } muster_splitmix_state;

static inline uint64_t muster_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t muster_splitmix_next(muster_splitmix_state *st) {
    st->s += 0x9e3779b97f4a7c15ULL;
    return muster_mix64(st->s);
}

static inline void muster_splitmix_set(void *vstate, unsigned long seed) {
    ((muster_splitmix_state *)vstate)->s = muster_mix64((uint64_t)seed ^ 0x5851f42d4c957f2dULL);
}

static inline unsigned long muster_splitmix_get(void *vstate) {
    return (unsigned long)(muster_splitmix_next((muster_splitmix_state *)vstate) >> 32);
}

static inline double muster_splitmix_get_double(void *vstate) {
    return (double)(muster_splitmix_next((muster_splitmix_state *)vstate) >> 11) * 0x1.0p-53;
}

static inline const gsl_rng_type *muster_rng_type_splitmix64(void) {
    static const gsl_rng_type type = {
        "muster-splitmix64", 0xffffffffUL, 0, sizeof(muster_splitmix_state),
        &muster_splitmix_set, &muster_splitmix_get, &muster_splitmix_get_double
    };
    return &type;
}

/* Seeds a SplitMix64 generator in place, skipping gsl_rng_set's dispatch. */
static inline void muster_splitmix_reseed(gsl_rng *r, uint64_t key) {
    ((muster_splitmix_state *)r->state)->s = muster_mix64(key ^ 0x5851f42d4c957f2dULL);
}

/* gsl_rng_uniform_int for the SplitMix64 type (min 0, max 2^32 - 1),
   step for step, without GSL's dispatch through the type: the same
   numbers. n must be in [1, 2^32 - 1]. */
static inline unsigned long muster_splitmix_uniform_int(gsl_rng *r, unsigned long n) {
    const unsigned long scale = 0xffffffffUL / n;
    unsigned long k;
    do {
        k = muster_splitmix_get(r->state) / scale;
    } while (k >= n);
    return k;
}

/* Where a SplitMix64 generator is in its sequence, and putting it back
   there: a caller may draw ahead, then resume a substream where it was. */
static inline uint64_t muster_splitmix_position(const gsl_rng *r) {
    return ((const muster_splitmix_state *)r->state)->s;
}

static inline void muster_splitmix_resume(gsl_rng *r, uint64_t position) {
    ((muster_splitmix_state *)r->state)->s = position;
}

/* Seeds GSL's MT19937 from a full 64-bit key. gsl_rng_set keeps only 32
   bits of its seed, so two keys could share a stream; instead every word of
   the 624-word state is filled from a SplitMix64 sequence started at the
   key (as NumPy's SeedSequence does), and the generator regenerates its
   block on the next draw. GSL's mt19937 state is {unsigned long mt[624];
   int mti;}. */
typedef struct { unsigned long mt[624]; int mti; } muster_mt19937_state;

static inline void muster_mt19937_seed64(gsl_rng *r, uint64_t key) {
    muster_mt19937_state *st = (muster_mt19937_state *)r->state;
    muster_splitmix_state sm = { key };
    unsigned long any = 0;
    for (int i = 0; i < 624; i++) {
        st->mt[i] = (unsigned long)(muster_splitmix_next(&sm) >> 32);
        any |= st->mt[i];
    }
    if (any == 0) st->mt[0] = 0x80000000UL;  /* the all-zero state is fixed */
    st->mti = 624;
}

/* Keeps large freed blocks in the heap for reuse (see MemoryPolicy in
   the muster executable): glibc's default gives each a fresh mmap, so every
   replication paid its page faults again. No-op off glibc. */
#ifdef __GLIBC__
#include <malloc.h>
#endif
static inline void muster_keep_large_blocks(void) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

#endif
