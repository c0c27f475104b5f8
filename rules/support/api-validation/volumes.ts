import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { VolumeView } from '../../../src/kubernetes/pod.js';
import { arrayOrEmpty, isPlainObject, objectOrUndefined, type PlainObject } from '../../../src/kubernetes/values.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import {
  dnsSubdomainProblems,
  hasBacksteps,
  isNegativeQuantity,
  isPositiveQuantity,
  listOf,
  localDescendingPathProblems,
} from './formats.js';
import { checkDownwardApiFile, checkFileMode, checkItems, checkKeyToPath, checkProjectedSources, type Owner } from './projections.js';

/*
 * A pod's volumes (validateVolumeSource): one source each, and each source's own rules. A volume with no source
 * at all is not reported: the API server defaults it to an emptyDir. A source written as `null` is no source
 * (a nil pointer once decoded). Claim templates of a StatefulSet are not volumes of the pod spec.
 */

/** The volume sources in the order validateVolumeSource counts them: the first one found is the volume's. */
const SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume',
  'configMap', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos',
  'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
] as const;
type SourceName = (typeof SOURCES)[number];
const SOURCE_ORDER: ReadonlyMap<string, number> = new Map(SOURCES.map((source, index) => [source, index]));
const isSourceName = (key: string): key is SourceName => SOURCE_ORDER.has(key);

type SourceCheck = (owner: Owner, source: PlainObject, path: JsonPath) => void;

/** A string field the source needs: absent is the schema's to report where it is required, `""` is ours. */
function requireString(owner: Owner, source: PlainObject, path: JsonPath, field: string, what: string, optional = false): void {
  const value = source[field];
  if (value === '' || (optional && value === undefined)) {
    owner.context.reject({
      path: value === undefined ? path : [...path, field],
      type: 'Required value',
      detail: `${owner.label}: ${what}`,
      fix: `Set \`${field}\`.`,
    });
  }
}

const checkEmptyDir: SourceCheck = (owner, source, path) => {
  if (!isNegativeQuantity(source.sizeLimit)) return;
  owner.context.reject({
    path: [...path, 'sizeLimit'],
    type: 'Forbidden',
    detail: `${owner.label}: emptyDir sizeLimit \`${String(source.sizeLimit)}\` is negative: "SizeLimit field must be a valid resource quantity"`,
    fix: 'Write a positive size such as `1Gi`, or remove it for no limit.',
  });
};

const checkHostPath: SourceCheck = (owner, source, path) => {
  const hostPath = source.path;
  if (hostPath === '') {
    requireString(owner, source, path, 'path', 'hostPath has an empty path');
  } else if (typeof hostPath === 'string' && hasBacksteps(hostPath)) {
    owner.context.reject({
      path: [...path, 'path'],
      type: 'Invalid value',
      detail: `${owner.label}: hostPath \`${hostPath}\`: "must not contain '..'"`,
      fix: 'Write the directory on the node without `..` elements.',
    });
  }
};

const checkGitRepo: SourceCheck = (owner, source, path) => {
  requireString(owner, source, path, 'repository', 'gitRepo has an empty repository');
  const directory = source.directory;
  if (typeof directory !== 'string') return;
  const problems = localDescendingPathProblems(directory);
  if (problems.length === 0) return;
  owner.context.reject({
    path: [...path, 'directory'],
    type: 'Invalid value',
    detail: `${owner.label}: gitRepo directory \`${directory}\`: ${problems.map((problem) => `"${problem}"`).join(', ')}`,
    fix: 'The directory is relative to the volume and stays inside it (`.` for the volume itself).',
  });
};

const checkSecret: SourceCheck = (owner, source, path) => {
  requireString(owner, source, path, 'secretName', 'a secret volume names no Secret (`secretName`)', true);
  checkFileMode(owner, source, path, 'defaultMode');
  checkItems(owner, source, path, checkKeyToPath);
};

const checkConfigMap: SourceCheck = (owner, source, path) => {
  requireString(owner, source, path, 'name', 'a configMap volume names no ConfigMap (`name`)', true);
  checkFileMode(owner, source, path, 'defaultMode');
  checkItems(owner, source, path, checkKeyToPath);
};

const checkDownwardApi: SourceCheck = (owner, source, path) => {
  checkFileMode(owner, source, path, 'defaultMode');
  checkItems(owner, source, path, checkDownwardApiFile);
};

const checkNfs: SourceCheck = (owner, source, path) => {
  requireString(owner, source, path, 'server', 'nfs has an empty server');
  const exported = source.path;
  if (typeof exported === 'string' && !exported.startsWith('/')) {
    owner.context.reject({
      path: [...path, 'path'],
      type: exported === '' ? 'Required value' : 'Invalid value',
      detail: `${owner.label}: nfs path \`${exported}\`: "must be an absolute path"`,
      fix: 'Write the exported directory as the server names it, e.g. `/exports/data`.',
    });
  }
};

const checkClaim: SourceCheck = (owner, source, path) => {
  requireString(owner, source, path, 'claimName', 'persistentVolumeClaim has an empty claimName');
};

const checkCsi: SourceCheck = (owner, source, path) => {
  const driver = source.driver;
  if (driver === '') {
    requireString(owner, source, path, 'driver', 'csi names no driver');
  } else if (typeof driver === 'string') {
    const problems = driver.length > 63 ? ['must have at most 63 characters'] : dnsSubdomainProblems(driver.toLowerCase());
    if (problems.length > 0) {
      owner.context.reject({
        path: [...path, 'driver'],
        type: driver.length > 63 ? 'Too long' : 'Invalid value',
        detail: `${owner.label}: csi driver \`${driver}\` is not a CSI driver name: "${problems.join('; ')}"`,
        fix: 'Use the name the driver registers with (its CSIDriver object), e.g. `secrets-store.csi.k8s.io`.',
      });
    }
  }
  const secretRef = objectOrUndefined(source.nodePublishSecretRef);
  if (secretRef !== undefined && (secretRef.name === undefined || secretRef.name === '')) {
    owner.context.reject({
      path: secretRef.name === undefined ? [...path, 'nodePublishSecretRef'] : [...path, 'nodePublishSecretRef', 'name'],
      type: 'Required value',
      detail: `${owner.label}: csi nodePublishSecretRef names no Secret`,
      fix: 'Set `name`, or remove `nodePublishSecretRef`.',
    });
  }
};

function isZero(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const TEMPLATE_METADATA = new Set(['labels', 'annotations']);

/** A generic ephemeral volume's claim template (ValidatePersistentVolumeClaimTemplate). */
const checkEphemeral: SourceCheck = (owner, source, path) => {
  const template = source.volumeClaimTemplate;
  if (!isPlainObject(template)) {
    if (template === undefined || template === null) {
      owner.context.reject({
        path,
        type: 'Required value',
        detail: `${owner.label}: an ephemeral volume has no volumeClaimTemplate`,
        fix: 'Describe the claim to create: `volumeClaimTemplate: { spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } } }`.',
      });
    }
    return;
  }
  const templatePath = [...path, 'volumeClaimTemplate'];
  const metadata = objectOrUndefined(template.metadata);
  for (const field of Object.keys(metadata ?? {})) {
    // A field left at its zero value (`creationTimestamp: null`, `namespace: ""`) counts as not set.
    if (TEMPLATE_METADATA.has(field) || isZero(metadata?.[field])) continue;
    owner.context.reject({
      path: [...templatePath, 'metadata', field],
      target: 'key',
      type: 'Forbidden',
      detail: `${owner.label}: the claim template sets metadata.${field}: "cannot be set"`,
      fix: 'A claim template takes only labels and annotations; the claim is named `<pod>-<volume>`.',
    });
  }
  const spec = objectOrUndefined(template.spec);
  const specPath = [...templatePath, 'spec'];
  if (spec === undefined) {
    if (template.spec === undefined) {
      owner.context.reject({
        path: templatePath,
        type: 'Required value',
        detail: `${owner.label}: the claim template has no spec: "at least 1 access mode is required", and no storage request`,
        fix: 'Add `spec.accessModes` and `spec.resources.requests.storage`.',
      });
    }
    return;
  }
  checkAccessModes(owner, spec, specPath);
  checkStorageRequest(owner, spec, specPath);
  const storageClass = spec.storageClassName;
  if (typeof storageClass === 'string' && storageClass !== '') {
    const problems = dnsSubdomainProblems(storageClass);
    if (problems.length > 0) {
      owner.context.reject({
        path: [...specPath, 'storageClassName'],
        type: 'Invalid value',
        detail: `${owner.label}: storageClassName \`${storageClass}\` is not a StorageClass name: "${problems.join('; ')}"`,
      });
    }
  }
};

function checkAccessModes(owner: Owner, spec: PlainObject, specPath: JsonPath): void {
  const modes = spec.accessModes;
  if (modes !== undefined && !Array.isArray(modes)) return;
  const list = arrayOrEmpty(modes);
  if (list.length === 0) {
    owner.context.reject({
      path: modes === undefined ? specPath : [...specPath, 'accessModes'],
      type: 'Required value',
      detail: `${owner.label}: the claim template has no accessModes: "at least 1 access mode is required"`,
      fix: 'Add `accessModes: [ReadWriteOnce]` (or what the storage class offers).',
    });
    return;
  }
  list.forEach((mode, index) => {
    if (typeof mode === 'string' && !ACCESS_MODES.includes(mode)) {
      owner.context.reject({
        path: [...specPath, 'accessModes', index],
        type: 'Unsupported value',
        detail: `${owner.label}: access mode \`${mode}\` (supported values: ${listOf(ACCESS_MODES)})`,
      });
    }
  });
  if (list.includes('ReadWriteOncePod') && list.some((mode) => mode !== 'ReadWriteOncePod' && ACCESS_MODES.includes(String(mode)))) {
    owner.context.reject({
      path: [...specPath, 'accessModes'],
      type: 'Forbidden',
      detail: `${owner.label}: "may not use ReadWriteOncePod with other access modes"`,
      fix: 'Keep `ReadWriteOncePod` alone, or drop it.',
    });
  }
}

function checkStorageRequest(owner: Owner, spec: PlainObject, specPath: JsonPath): void {
  const resources = spec.resources;
  if (resources !== undefined && !isPlainObject(resources)) return;
  const requests = resources?.requests;
  if (requests !== undefined && requests !== null && !isPlainObject(requests)) return;
  const storage = isPlainObject(requests) ? requests.storage : undefined;
  if (storage === undefined || storage === null) {
    // The API server names `spec.resources[storage]`; the node that lacks it is the nearest that exists.
    owner.context.reject({
      path: [...specPath, 'resources', 'requests'],
      type: 'Required value',
      detail: `${owner.label}: the claim template requests no storage (\`resources.requests.storage\`)`,
      fix: 'Say how much to provision, e.g. `resources: { requests: { storage: 1Gi } }`.',
    });
  } else if (isPositiveQuantity(storage) === false) {
    owner.context.reject({
      path: [...specPath, 'resources', 'requests', 'storage'],
      type: 'Invalid value',
      detail: `${owner.label}: storage request \`${String(storage)}\`: "must be greater than zero"`,
    });
  }
}

/**
 * The in-tree sources' required strings and lists (validateGCEPersistentDiskVolumeSource and its kin): an absent
 * one is the schema's to report where the schema requires it, an empty one the API server's.
 */
const LEGACY_REQUIRED: Partial<Record<SourceName, readonly string[]>> = {
  gcePersistentDisk: ['pdName'],
  awsElasticBlockStore: ['volumeID'],
  iscsi: ['targetPortal', 'iqn'],
  glusterfs: ['endpoints', 'path'],
  rbd: ['monitors', 'image'],
  cinder: ['volumeID'],
  cephfs: ['monitors'],
  quobyte: ['registry', 'volume'],
  flexVolume: ['driver'],
  azureFile: ['secretName', 'shareName'],
  vsphereVolume: ['volumePath'],
  photonPersistentDisk: ['pdID'],
  portworxVolume: ['volumeID'],
  azureDisk: ['diskName', 'diskURI'],
  storageos: ['volumeName'],
  scaleIO: ['gateway', 'system', 'volumeName'],
};

/** Integer fields of the in-tree sources that the API server bounds to 0–255. */
const LEGACY_RANGES: Partial<Record<SourceName, readonly string[]>> = {
  gcePersistentDisk: ['partition'],
  awsElasticBlockStore: ['partition'],
  iscsi: ['lun'],
  fc: ['lun'],
};

function checkLegacySource(owner: Owner, name: SourceName, source: PlainObject, path: JsonPath): void {
  for (const field of LEGACY_REQUIRED[name] ?? []) {
    const value = source[field];
    if (value !== '' && !(Array.isArray(value) && value.length === 0)) continue;
    owner.context.reject({
      path: [...path, field],
      type: 'Required value',
      detail: `${owner.label}: ${name} has an empty ${field}`,
      fix: `Set \`${field}\`.`,
    });
  }
  for (const field of LEGACY_RANGES[name] ?? []) {
    const value = source[field];
    if (typeof value !== 'number' || (value >= 0 && value <= 255)) continue;
    owner.context.reject({
      path: [...path, field],
      type: 'Invalid value',
      detail: `${owner.label}: ${name} ${field} ${value}: "must be between 0 and 255, inclusive"`,
    });
  }
  if (name === 'fc') checkFibreChannel(owner, source, path);
}

/** An fc source names its disks by targetWWNs (with a lun) or by wwids, one way only. */
function checkFibreChannel(owner: Owner, source: PlainObject, path: JsonPath): void {
  const wwns = arrayOrEmpty(source.targetWWNs);
  const wwids = arrayOrEmpty(source.wwids);
  if (wwns.length === 0 && wwids.length === 0) {
    owner.context.reject({
      path: source.targetWWNs === undefined ? path : [...path, 'targetWWNs'],
      type: 'Required value',
      detail: `${owner.label}: fc has neither targetWWNs nor wwids: "must specify either targetWWNs or wwids, but not both"`,
    });
  } else if (wwns.length > 0 && wwids.length > 0) {
    owner.context.reject({
      path: [...path, 'targetWWNs'],
      type: 'Invalid value',
      detail: `${owner.label}: fc has both targetWWNs and wwids: "targetWWNs and wwids can not be specified simultaneously"`,
    });
  } else if (wwns.length > 0 && (source.lun === undefined || source.lun === null)) {
    owner.context.reject({
      path,
      type: 'Required value',
      detail: `${owner.label}: fc has targetWWNs and no lun: "lun is required if targetWWNs is specified"`,
    });
  }
}

const SOURCE_CHECKS: Partial<Record<SourceName, SourceCheck>> = {
  emptyDir: checkEmptyDir,
  hostPath: checkHostPath,
  gitRepo: checkGitRepo,
  secret: checkSecret,
  nfs: checkNfs,
  persistentVolumeClaim: checkClaim,
  downwardAPI: checkDownwardApi,
  configMap: checkConfigMap,
  projected: (owner, source, path) => checkProjectedSources(owner, source, path),
  csi: checkCsi,
  ephemeral: checkEphemeral,
};

function checkVolume(context: ApiCheckContext, volume: VolumeView): void {
  const raw = volume.raw as PlainObject;
  const owner: Owner = { context, label: `Volume \`${volume.name ?? '?'}\`` };
  // A source written as `null` decodes to no source; one of another type is the schema check's.
  // Found among the volume's own few keys, in SOURCES order, rather than by asking for all thirty sources.
  const present = Object.keys(raw)
    .filter((key): key is SourceName => isSourceName(key) && raw[key] !== undefined && raw[key] !== null)
    .sort((a, b) => (SOURCE_ORDER.get(a) ?? 0) - (SOURCE_ORDER.get(b) ?? 0));
  const [first, ...extra] = present;
  for (const source of extra) {
    context.reject({
      path: [...volume.path, source],
      target: 'key',
      type: 'Forbidden',
      detail: `${owner.label} has ${listOf(present, 'and')}: "may not specify more than 1 volume type"`,
      fix: `Keep \`${first ?? ''}\` (the source the API server reads first) and remove \`${source}\`, or make it a volume of its own.`,
    });
  }
  if (first === undefined) return;
  const source = raw[first];
  if (!isPlainObject(source)) return;
  SOURCE_CHECKS[first]?.(owner, source, [...volume.path, first]);
  checkLegacySource(owner, first, source, [...volume.path, first]);
}

export const checkVolumes: ApiCheck = (context) => {
  for (const volume of context.pod.volumes) if (!volume.claimTemplate) checkVolume(context, volume);
};
