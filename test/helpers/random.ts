/** Strings of `count` random picks (up to `maxPieces` each) from `pieces`, the same on every run. */
export function* randomStrings(pieces: readonly string[], count: number, maxPieces: number, seed: number): Generator<string> {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let k = 0; k < count; k++) {
    let s = '';
    for (let n = Math.floor(next() * maxPieces); n > 0; n--) s += pieces[Math.floor(next() * pieces.length)];
    yield s;
  }
}
