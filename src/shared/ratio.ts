/** part / whole to four places, or null when there is no whole: the shares every report gives. */
export const shareOf = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
