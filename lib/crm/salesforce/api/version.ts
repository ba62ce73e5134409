/**
 * The one Salesforce REST API version Loopside speaks. Every path is built from it, so moving to the
 * next release is this one line (and a run of the fake-org tests, whose shapes follow the reference).
 */
export const SALESFORCE_API_VERSION = 'v67.0';
export const SALESFORCE_DATA_PATH = `/services/data/${SALESFORCE_API_VERSION}`;
