// Formula-injection fixtures for every CSV the product writes: the payloads OWASP lists, plus the ones the
// data-integrity report found coming back from exported member names.
export const FORMULA_PAYLOADS = [
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '-2+3',
  '\t=1+1',
  '\r=1+1',
];

/** True when a spreadsheet would run this cell as a formula. */
export const isLiveFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[+-]?[\d.,]+$/.test(cell);
