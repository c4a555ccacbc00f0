/** Moved to src/common (the signed-in officer is a kernel type); this path stays for older imports. */
export * from '../common/principal';
