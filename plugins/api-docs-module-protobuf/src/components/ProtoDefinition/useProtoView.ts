import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { useAppSearchParams } from '@backstage/frontend-plugin-api';
import { ProtoDocument } from '@internal/backstage-plugin-api-docs-module-protobuf-common';
import {
  filterServices,
  filterTypes,
  ViewFilter,
  VisibleService,
  VisibleType,
} from './filter';

const QUERY_PARAM = 'protoSearch';
const PERSONAL_PARAM = 'protoPersonalData';

/** The id of a message's or enum's section, for links to it. */
export const anchorId = (fullName: string) => `proto-${fullName}`;

function allFullNames(
  types: ProtoDocument['types'],
  into = new Set<string>(),
): Set<string> {
  for (const type of types) {
    into.add(type.fullName);
    if (type.kind === 'message') {
      allFullNames(type.nested, into);
    }
  }
  return into;
}

export type ProtoView = {
  query: string;
  setQuery: (query: string) => void;
  personalOnly: boolean;
  setPersonalOnly: (on: boolean) => void;
  services: VisibleService[];
  types: VisibleType[];
  /** Full names of the messages and enums that have a section to link to. */
  linkable: Set<string>;
  /** Shows and scrolls to a message or enum, clearing the filter if it hides it. */
  goTo: (fullName: string) => void;
};

/**
 * The reader's view of a definition: the search box and "personal data
 * only" (kept in the URL, so a link shows the same), what they leave
 * visible, and moving to a linked type.
 */
export function useProtoView(document: ProtoDocument): ProtoView {
  const [params, setParams] = useAppSearchParams();
  const [query, setQueryState] = useState(params.get(QUERY_PARAM) ?? '');
  const personalOnly = params.get(PERSONAL_PARAM) === 'true';
  const [target, setTarget] = useState<string>();

  const setParam = useCallback(
    (name: string, value: string | undefined) =>
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          if (value) {
            next.set(name, value);
          } else {
            next.delete(name);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  // Typing stays quick on large definitions: the URL follows after a pause,
  // the filter at React's pace.
  const inUrl = params.get(QUERY_PARAM) ?? '';
  useEffect(() => {
    if (query === inUrl) {
      return undefined;
    }
    const timer = setTimeout(
      () => setParam(QUERY_PARAM, query || undefined),
      300,
    );
    return () => clearTimeout(timer);
  }, [query, inUrl, setParam]);
  const deferredQuery = useDeferredValue(query);

  const filter: ViewFilter = useMemo(
    () => ({ query: deferredQuery, personalOnly }),
    [deferredQuery, personalOnly],
  );
  const services = useMemo(
    () => filterServices(document.services, filter),
    [document, filter],
  );
  const types = useMemo(
    () => filterTypes(document.types, filter),
    [document, filter],
  );
  const linkable = useMemo(() => allFullNames(document.types), [document]);

  const goTo = useCallback(
    (fullName: string) => {
      setQueryState('');
      setParam(PERSONAL_PARAM, undefined);
      setTarget(fullName);
    },
    [setParam],
  );
  useEffect(() => {
    if (target && deferredQuery === '' && !personalOnly) {
      window.document
        .getElementById(anchorId(target))
        ?.scrollIntoView?.({ block: 'start' });
      setTarget(undefined);
    }
  }, [target, deferredQuery, personalOnly]);

  return {
    query,
    setQuery: setQueryState,
    personalOnly,
    setPersonalOnly: on => setParam(PERSONAL_PARAM, on ? 'true' : undefined),
    services,
    types,
    linkable,
    goTo,
  };
}
