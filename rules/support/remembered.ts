/**
 * `compute`, remembered by its argument: rules meet the same images, quantities and arguments in pod after pod, and
 * several rules ask about each. At most `limit` answers are kept, and all are dropped when it is reached, so a run of
 * distinct arguments costs no more memory than that.
 */
export function remembered<Value>(compute: (key: string) => Value, limit = 4096): (key: string) => Value {
  const answers = new Map<string, Value>();
  return (key) => {
    const known = answers.get(key);
    // An answer may be undefined: `has` tells it from one not worked out.
    if (known !== undefined || answers.has(key)) return known as Value;
    if (answers.size >= limit) answers.clear();
    const answer = compute(key);
    answers.set(key, answer);
    return answer;
  };
}
