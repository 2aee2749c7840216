declare const brand: unique symbol;

/** Nominal typing for strings and numbers that must not be mixed up (chain keys, rule refs). */
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };
