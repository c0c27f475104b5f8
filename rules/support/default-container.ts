/**
 * The pod annotation that names the container `kubectl logs`, `exec` and `attach` use when none is given: set by
 * main-container-first's fix, checked by unknown-default-container.
 */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';
