// Entry point: parse, run, and map every failure to the documented exit
// codes (docs/reference/exit-codes.md): 0 success, 1 regression (check), 2 bad input,
// 3 internal error — never a stack trace.
MusterMain.run()
