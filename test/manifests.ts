/**
 * Manifests the CLI tests share. BROKEN_MOUNT has exactly two findings: `undeclared-volume-mount` at 10:17
 * (an error: the mount names `ca-certs`, the pod declares `ca`) and `unused-volume` at 13:13 (a warning).
 */
export const BROKEN_MOUNT = `apiVersion: v1
kind: Pod
metadata:
  name: echo
spec:
  containers:
    - name: app
      image: registry.example.com/echo:1.0
      volumeMounts:
        - name: ca-certs
          mountPath: /etc/certs
  volumes:
    - name: ca
      secret:
        secretName: echo-ca
`;

/** A Pod with nothing to report. */
export const CLEAN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: clean
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
`;
