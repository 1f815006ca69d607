#ifndef AUTEUR_COPENBLAS_SHIM_H
#define AUTEUR_COPENBLAS_SHIM_H
#include <cblas.h>

// Debian's libopenblas carries LAPACK too, but ships no lapacke.h with the
// -dev package we depend on; the Fortran symbols are declared here instead.
void ssyev_(const char *jobz, const char *uplo, const int *n, float *a,
            const int *lda, float *w, float *work, const int *lwork, int *info);
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a,
            const int *lda, double *w, double *work, const int *lwork, int *info);
#endif
