/* extern.c: the interpreter's side of extern functions: each library is opened with dlopen,
 * each function found as redress_NAME, and called through libffi with the declared types. */
#define _POSIX_C_SOURCE 200809L
#include "extern.h"
#include "diag.h"
#include <dlfcn.h>
#include <ffi.h>
#include <string.h>

typedef struct {
    void (*fn)(void);
    ffi_cif cif;
    ffi_type *args[AST_MAX_PARAMS];
    ffi_type *ret;
    const ast_extern *x;
} ext_fn;

static ffi_type *ffi_of(ast_type_kind t)
{
    switch (t) {
    case TY_INT:
    case TY_MONEY: return &ffi_type_sint64;
    case TY_DATE: return &ffi_type_sint32;
    case TY_TEXT: return &ffi_type_pointer;
    default: return &ffi_type_sint;
    }
}

const char *ext_library_path(ast_policy *P, const ast_extern *x, const char *policy_dir)
{
    if (x->library[0] == '/' || !policy_dir || !policy_dir[0]) return x->library;
    return arena_printf(P->arena, "%s/%s", policy_dir, x->library);
}

bool ext_load(ast_policy *P, const char *policy_dir, bool errors)
{
    void (*report)(diag *, ast_loc, const char *, ...) = errors ? diag_error : diag_warning;
    bool ok = true;
    for (ast_extern *x = P->externs; x; x = x->next) {
        const char *path = ext_library_path(P, x, policy_dir);
        void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            report(P->diag, x->loc, "cannot load library %s for extern '%s': %s", path, x->name,
                   dlerror());
            ok = false;
            continue;
        }
        const char *symbol = arena_printf(P->arena, "redress_%s", x->name);
        void *sym = dlsym(h, symbol);
        if (!sym) {
            report(P->diag, x->loc, "library %s has no function %s for extern '%s'", path, symbol,
                   x->name);
            ok = false;
            continue;
        }
        ext_fn *f = arena_alloc(P->arena, sizeof *f);
        memcpy(&f->fn, &sym, sizeof f->fn); /* object to function pointer, as dlsym requires */
        f->x = x;
        for (int i = 0; i < x->params.n; i++) f->args[i] = ffi_of(x->params.t[i]);
        f->ret = ffi_of(x->ret);
        if (ffi_prep_cif(&f->cif, FFI_DEFAULT_ABI, (unsigned)x->params.n, f->ret, f->args) != FFI_OK) {
            report(P->diag, x->loc, "libffi cannot call extern '%s'", x->name);
            ok = false;
            continue;
        }
        x->impl = f;
    }
    return ok;
}

/* Mirrors the wrappers emit.c writes: unknown in, unknown out; dates as YYYYMMDD. */
rt_value ext_call(const ast_extern *x, const rt_value *args)
{
    const ext_fn *f = x->impl;
    union { int i; int64_t l; int32_t d; const char *s; } in[AST_MAX_PARAMS];
    void *ptrs[AST_MAX_PARAMS];
    for (int i = 0; i < x->params.n; i++) {
        if (!args[i].known) return rt_unknown();
        switch (x->params.t[i]) {
        case TY_INT:
        case TY_MONEY: in[i].l = args[i].i; break;
        case TY_DATE: in[i].d = rt_ymd((rt_day)args[i].i); break;
        case TY_TEXT: in[i].s = args[i].s; break;
        default: in[i].i = (int)args[i].i; break;
        }
        ptrs[i] = &in[i];
    }
    union { ffi_arg small; int64_t l; const char *s; } out;
    ffi_call((ffi_cif *)&f->cif, f->fn, &out, ptrs);
    switch (x->ret) {
    case TY_INT:
    case TY_MONEY: return rt_known_int(out.l);
    case TY_DATE: {
        rt_day d = rt_from_ymd((int32_t)out.small);
        return d == RT_NODATE ? rt_unknown() : rt_known_int(d);
    }
    case TY_TEXT: return out.s ? rt_known_text(out.s) : rt_unknown();
    default: return rt_known_int((int)out.small != 0);
    }
}
