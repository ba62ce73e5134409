import { z } from 'zod';
import type { HubSpotClient } from './client';
import { accountDetailsPath, HUBSPOT_API_VERSION, objectsPath, ownersPath, propertiesPath, type ObjectName } from './constants';
import {
  AccountDetailsSchema,
  AssociationBatchSchema,
  batchResponse,
  listPage,
  OwnerSchema,
  PropertySchema,
  searchPage,
  upsertObject,
} from './schemas';

/** `Filter` of a search request; values are strings on the wire. */
export interface SearchFilter {
  propertyName: string;
  operator:
    | 'EQ'
    | 'NEQ'
    | 'LT'
    | 'LTE'
    | 'GT'
    | 'GTE'
    | 'BETWEEN'
    | 'IN'
    | 'NOT_IN'
    | 'HAS_PROPERTY'
    | 'NOT_HAS_PROPERTY'
    | 'CONTAINS_TOKEN'
    | 'NOT_CONTAINS_TOKEN';
  value?: string;
  highValue?: string;
  values?: string[];
}

export interface SearchRequest {
  filterGroups: { filters: SearchFilter[] }[];
  sorts: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[];
  properties: string[];
  limit: number;
  after?: string;
}

export interface CreateInput {
  properties: Record<string, string>;
  associations: { to: { id: string }; types: { associationCategory: 'HUBSPOT_DEFINED'; associationTypeId: number }[] }[];
}

/** The typed calls Loopside makes; each parses its answer with the object's schema. */
export function hubspotObjects(client: HubSpotClient) {
  return {
    search<T extends z.ZodType>(object: ObjectName, body: SearchRequest, item: T, prepaid = false) {
      return client.request('POST', `${objectsPath(object)}/search`, {
        body,
        schema: searchPage(item),
        search: !prepaid,
        what: `search ${object}`,
      });
    },
    batchCreate<T extends z.ZodType>(object: ObjectName, inputs: CreateInput[], item: T) {
      return client.request('POST', `${objectsPath(object)}/batch/create`, {
        body: { inputs },
        schema: batchResponse(item),
        what: `create ${inputs.length} ${object}`,
      });
    },
    batchUpsert<P extends z.ZodRawShape>(
      object: ObjectName,
      idProperty: string,
      inputs: { id: string; properties: Record<string, string> }[],
      properties: P,
    ) {
      return client.request('POST', `${objectsPath(object)}/batch/upsert`, {
        body: { inputs: inputs.map((i) => ({ ...i, idProperty })) },
        schema: batchResponse(upsertObject(properties)),
        what: `upsert ${inputs.length} ${object}`,
      });
    },
    batchRead<T extends z.ZodType>(object: ObjectName, ids: string[], properties: string[], item: T) {
      return client.request('POST', `${objectsPath(object)}/batch/read`, {
        body: { inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory: [] },
        schema: batchResponse(item),
        what: `read ${ids.length} ${object}`,
      });
    },
    update<T extends z.ZodType>(object: ObjectName, id: string, properties: Record<string, string>, item: T) {
      return client.request('PATCH', `${objectsPath(object)}/${encodeURIComponent(id)}`, {
        body: { properties },
        schema: item,
        what: `update ${object} ${id}`,
      });
    },
    /** v4 default association (one request for a batch of pairs). */
    associateDefault(from: ObjectName, to: ObjectName, pairs: { from: string; to: string }[]) {
      return client.request('POST', `/crm/associations/${HUBSPOT_API_VERSION}/${from}/${to}/batch/associate/default`, {
        body: { inputs: pairs.map((p) => ({ from: { id: p.from }, to: { id: p.to } })) },
        schema: batchResponse(z.unknown()),
        what: `associate ${pairs.length} ${from} with ${to}`,
      });
    },
    readAssociations(from: ObjectName, to: ObjectName, ids: string[]) {
      return client.request('POST', `/crm/associations/${HUBSPOT_API_VERSION}/${from}/${to}/batch/read`, {
        body: { inputs: ids.map((id) => ({ id })) },
        schema: AssociationBatchSchema,
        what: `read ${from} → ${to} associations`,
      });
    },
    owners(after?: string) {
      return client.request('GET', ownersPath(), {
        query: { limit: 100, archived: false, after },
        schema: listPage(OwnerSchema),
        what: 'list owners',
      });
    },
    accountDetails() {
      return client.request('GET', accountDetailsPath(), { schema: AccountDetailsSchema, what: 'read the account' });
    },
    property(object: ObjectName, name: string) {
      return client.request('GET', `${propertiesPath(object)}/${name}`, {
        schema: PropertySchema,
        what: `read property ${object}.${name}`,
      });
    },
    createProperty(
      object: ObjectName,
      property: {
        name: string;
        label: string;
        type: 'string';
        fieldType: 'text' | 'textarea';
        groupName: string;
        hasUniqueValue?: boolean;
        description: string;
      },
    ) {
      return client.request('POST', propertiesPath(object), {
        body: property,
        schema: PropertySchema,
        what: `create property ${object}.${property.name}`,
      });
    },
    /** a one-result list read, to learn whether the token may read this object at all */
    probe(object: ObjectName) {
      return client.request('GET', objectsPath(object), { query: { limit: 1 }, schema: listPage(z.unknown()), what: `read ${object}` });
    },
  };
}
export type HubSpotObjects = ReturnType<typeof hubspotObjects>;
