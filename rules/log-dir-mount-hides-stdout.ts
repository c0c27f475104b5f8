import type { PodSpecRule } from '../src/engine/rule.js';
import { imageRepository } from './support/sidecars.js';
import { remembered } from './support/remembered.js';

/** An official image that links its log files to the container's stdout and stderr, as its Dockerfile does. */
interface LinkedLogs {
  /** The image, as the message names it: `the nginx image`. */
  image: string;
  /** Whether an image's repository path (no registry, tag or digest) and tag are this image. */
  matches(repository: string, tag: string | undefined): boolean;
  server: string;
  directory: string;
  /** Each log file in the directory and what it links to. */
  links: readonly (readonly [file: string, target: string])[];
}

const NGINX_LINKS = [['access.log', '/dev/stdout'], ['error.log', '/dev/stderr']] as const;
const APACHE_LINKS = [['access.log', '/dev/stdout'], ['error.log', '/dev/stderr'], ['other_vhosts_access.log', '/dev/stdout']] as const;

/** `nginx`, `library/nginx` (`docker.io/library/nginx`), and mirrors that keep the path (`docker/library/nginx`). */
const official = (name: string) => (repository: string) =>
  repository === name || repository === `library/${name}` || repository.endsWith(`/library/${name}`);
/** The Apache variants of images built on `php:*-apache`; a tag-less image is the default, Apache, variant. */
const apacheVariant = (tag: string | undefined) => tag !== undefined && !/fpm|cli/.test(tag);

/** Kept in step with the table in rules/log-dir-mount-hides-stdout.md. */
const IMAGES: readonly LinkedLogs[] = [
  { image: 'the nginx image', matches: official('nginx'), server: 'nginx', directory: '/var/log/nginx', links: NGINX_LINKS },
  {
    image: 'the nginxinc/nginx-unprivileged image',
    matches: (repository) => /(^|\/)nginx-unprivileged$/.test(repository),
    server: 'nginx',
    directory: '/var/log/nginx',
    links: NGINX_LINKS,
  },
  {
    image: 'the openresty/openresty image',
    matches: (repository) => /(^|\/)openresty\/openresty$/.test(repository),
    server: 'OpenResty',
    directory: '/usr/local/openresty/nginx/logs',
    links: NGINX_LINKS,
  },
  {
    image: 'the Apache variant of the php image',
    matches: (repository, tag) => official('php')(repository) && tag !== undefined && tag.includes('apache'),
    server: 'Apache httpd',
    directory: '/var/log/apache2',
    links: APACHE_LINKS,
  },
  {
    image: 'the Apache variant of the wordpress image',
    matches: (repository, tag) => official('wordpress')(repository) && apacheVariant(tag),
    server: 'Apache httpd',
    directory: '/var/log/apache2',
    links: APACHE_LINKS,
  },
  {
    image: 'the Apache variant of the nextcloud image',
    matches: (repository, tag) => official('nextcloud')(repository) && apacheVariant(tag),
    server: 'Apache httpd',
    directory: '/var/log/apache2',
    links: APACHE_LINKS,
  },
];

/** The tag of an image reference; `latest` when it has none, undefined when only a digest says which it is. */
function imageTag(image: string): string | undefined {
  const digest = image.indexOf('@');
  const reference = (digest >= 0 ? image.slice(0, digest) : image).trim().toLowerCase();
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) return reference.slice(colon + 1);
  return digest >= 0 ? undefined : 'latest';
}

/**
 * The image's linked logs, if it is one of IMAGES; remembered by image, as a run meets the same few images in pod
 * after pod.
 */
const linkedLogsOf = remembered((image): LinkedLogs | undefined => {
  const repository = imageRepository(image);
  const tag = imageTag(image);
  return IMAGES.find((candidate) => candidate.matches(repository, tag));
});

/** `/var/log/nginx/`, `/var/log//nginx` → `/var/log/nginx`: how the kubelet resolves the path. */
const normalized = (path: string) => path.trim().replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

const MOUNTED_OVER =
  'Volume `{{volume}}` is mounted over `{{path}}` in container `{{container}}`, where {{image}} links {{links}} in ' +
  '`{{directory}}`.';
const CONSEQUENCE_AND_FIX =
  "{{server}} writes those logs as plain files into the volume, where neither `kubectl logs` nor the cluster's log " +
  'collection sees them and nothing rotates them. Remove the mount unless a sidecar is meant to read these files; if ' +
  'one is, expect `kubectl logs` to stay quiet, or have the server log to stdout/stderr as well.';

const rule: PodSpecRule = {
  meta: {
    id: 'log-dir-mount-hides-stdout',
    level: 'note',
    summary: 'A volume mounted over an official image\'s log directory hides its links to stdout/stderr, so kubectl logs goes quiet.',
    tags: ['kubernetes', 'volumes', 'observability'],
    precision: 'high',
    messages: {
      hidesLink: `${MOUNTED_OVER} The mount hides the link: ${CONSEQUENCE_AND_FIX}`,
      hidesLinks: `${MOUNTED_OVER} The mount hides the links: ${CONSEQUENCE_AND_FIX}`,
    },
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    for (const container of pod.containers) {
      if (container.image === undefined) continue;
      const known = linkedLogsOf(container.image);
      if (!known) continue;
      for (const mount of container.mounts) {
        if (mount.mountPath === undefined) continue;
        const path = normalized(mount.mountPath);
        const hidden = path === known.directory
          ? known.links
          : known.links.filter(([file]) => path === `${known.directory}/${file}`);
        if (hidden.length === 0) continue;
        const links = hidden.map(([file, target]) => `\`${file}\` to \`${target}\``);
        const last = links.pop() ?? '';
        const what = links.length > 0 ? `${links.join(', ')} and ${last}` : last;
        report({
          path: [...mount.path, 'mountPath'],
          messageId: hidden.length > 1 ? 'hidesLinks' : 'hidesLink',
          data: {
            volume: mount.name ?? '?',
            path,
            container: container.name ?? '?',
            image: known.image,
            links: what,
            directory: known.directory,
            server: known.server,
          },
        });
      }
    }
  },
};

export default rule;
