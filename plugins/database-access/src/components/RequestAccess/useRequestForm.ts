import { useMemo, useState } from 'react';
import { AccessLevel, CreateAccessRequest, Environment } from '../../api';
import { formatMinutes } from '../shared/format';

export type DurationUnit = 'minutes' | 'hours' | 'days';

export const UNIT_MINUTES: Record<DurationUnit, number> = {
  minutes: 1,
  hours: 60,
  days: 1440,
};

/** The shortest reason we take: about a sentence. */
export const MIN_REASON_LENGTH = 20;

export interface RequestFormValues {
  database: string;
  environment: string;
  level: AccessLevel;
  reason: string;
  duration: string;
  unit: DurationUnit;
}

export type RequestFormErrors = Partial<
  Record<'database' | 'environment' | 'reason' | 'duration', string>
>;

/** The most a request may ask for, from GET /environments. */
export function maxMinutesOf(
  environments: Environment[],
  environment: string,
  level: AccessLevel,
): number | undefined {
  return environments.find(e => e.name === environment)?.maxMinutes[level];
}

export function validateRequest(
  values: RequestFormValues,
  environments: Environment[],
): RequestFormErrors {
  const errors: RequestFormErrors = {};
  if (!values.database) {
    errors.database = 'Pick the database.';
  }
  if (!environments.some(e => e.name === values.environment)) {
    errors.environment = 'Pick an environment.';
  }
  const reason = values.reason.trim();
  if (reason.length < MIN_REASON_LENGTH || reason.split(/\s+/).length < 3) {
    errors.reason = `Say why you need access in at least a sentence (${MIN_REASON_LENGTH} characters or more); the approvers and the audit read it.`;
  }
  const amount = Number(values.duration);
  const max = maxMinutesOf(environments, values.environment, values.level);
  if (!/^\d+$/.test(values.duration.trim()) || amount <= 0) {
    errors.duration = 'Enter a whole number above 0.';
  } else if (max !== undefined && amount * UNIT_MINUTES[values.unit] > max) {
    errors.duration = `Too long: at most ${formatMinutes(max)} for ${
      values.level
    } access in ${values.environment}.`;
  }
  return errors;
}

/** A sensible first duration: one hour, or the maximum when that is less. */
function initialDuration(max: number | undefined): {
  duration: string;
  unit: DurationUnit;
} {
  if (max !== undefined && max < 60) {
    return { duration: String(max), unit: 'minutes' };
  }
  return { duration: '1', unit: 'hours' };
}

/** The request form's values, validation and the body it sends. */
export function useRequestForm(
  environments: Environment[],
  database: string | undefined,
) {
  const first = environments[0];
  const [values, setValues] = useState<RequestFormValues>(() => ({
    database: database ?? '',
    environment: first?.name ?? '',
    level: 'read',
    reason: '',
    ...initialDuration(first?.maxMinutes.read),
  }));
  const [touched, setTouched] = useState<Set<keyof RequestFormErrors>>(
    new Set(),
  );
  const [submitted, setSubmitted] = useState(false);

  const errors = useMemo(
    () => validateRequest(values, environments),
    [values, environments],
  );
  const shownErrors: RequestFormErrors = {};
  for (const key of Object.keys(errors) as (keyof RequestFormErrors)[]) {
    if (submitted || touched.has(key)) {
      shownErrors[key] = errors[key];
    }
  }

  const set = <K extends keyof RequestFormValues>(
    key: K,
    value: RequestFormValues[K],
  ) => setValues(v => ({ ...v, [key]: value }));

  const touch = (key: keyof RequestFormErrors) =>
    setTouched(t => new Set(t).add(key));

  const environment = environments.find(e => e.name === values.environment);
  const maxMinutes = environment?.maxMinutes[values.level];

  /** The body to send, or undefined (and every error shown) when invalid. */
  const submit = (): CreateAccessRequest | undefined => {
    setSubmitted(true);
    if (Object.keys(errors).length > 0) {
      return undefined;
    }
    return {
      database: values.database,
      environment: values.environment,
      level: values.level,
      reason: values.reason.trim(),
      durationMinutes: Number(values.duration) * UNIT_MINUTES[values.unit],
    };
  };

  return {
    values,
    errors: shownErrors,
    environment,
    maxMinutes,
    set,
    touch,
    submit,
  };
}
