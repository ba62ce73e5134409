/** Every IANA zone the browser knows, for the time-zone pickers' suggestions (free text stays allowed). */
export const TIME_ZONES: readonly string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();
