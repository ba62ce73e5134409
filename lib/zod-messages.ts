import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * Zod's English messages ("Too small: expected number to be >=1") wherever a person reads what is
 * wrong: option forms, CSV rows, stored settings, the background's refusals. The schemas use
 * zod/mini, which carries no messages of its own ("Invalid input"); the sidebar, loaded in every
 * CRM tab, leaves these ~3 kB out: its only zod errors are protocol faults, which name the path.
 */
z.config(en());
