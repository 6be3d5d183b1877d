import { z } from 'zod';

/**
 * An incident id as every request takes it. Ids name folders on disk (`incidents/<id>/`), so
 * nothing path-like passes: no separator, no `.` or `..`, no leading dot (a hidden or relative
 * name), at most 128 characters of letters, digits, dot, dash and underscore.
 */
export const IncidentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/, 'letters, digits, dot, dash or underscore, not starting with a dot')
  .refine((id) => !id.includes('..'), 'must not contain ".."');
