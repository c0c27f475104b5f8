// Writes a deterministic synthetic repository of manifests for the benchmark: multi-container Deployments
// (app, log shipper, proxy, shared emptyDirs), Pods, CronJobs with native sidecars, Services and ConfigMaps,
// several documents to a file, with a sprinkling of real findings (one document in fifty: a mount that names
// no declared volume).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function deployment(i, broken) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: team-${i % 17}
  labels:
    app.kubernetes.io/name: web-${i}
    app.kubernetes.io/part-of: shop
spec:
  replicas: ${1 + (i % 5)}
  selector:
    matchLabels:
      app.kubernetes.io/name: web-${i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web-${i}
      annotations:
        kubectl.kubernetes.io/default-container: web
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/shop/migrate:${i % 9}.${i % 7}
          command: [/bin/migrate, --config, /etc/shop/config.yaml]
          volumeMounts:
            - name: config
              mountPath: /etc/shop
      containers:
        - name: web
          image: registry.example.com/shop/web:2.${i % 13}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_DIR
              value: /var/log/web
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "1", memory: 512Mi}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
          volumeMounts:
            - name: logs
              mountPath: /var/log/web
            - name: config
              mountPath: /etc/shop
              readOnly: true
            - name: tmp
              mountPath: /tmp
        - name: log-shipper
          image: fluent/fluent-bit:3.${i % 3}
          args: [--config, /fluent-bit/etc/fluent-bit.conf]
          volumeMounts:
            - name: ${broken ? 'log' : 'logs'}
              mountPath: /var/log/web
              readOnly: true
            - name: shipper-config
              mountPath: /fluent-bit/etc
      volumes:
        - name: logs
          emptyDir:
            sizeLimit: 1Gi
        - name: config
          configMap:
            name: web-${i}
        - name: shipper-config
          configMap:
            name: shipper-${i}
        - name: tmp
          emptyDir:
            medium: Memory
            sizeLimit: 64Mi
`;
}

function pod(i) {
  return `apiVersion: v1
kind: Pod
metadata:
  name: debug-${i}
spec:
  containers:
    - name: tools
      image: registry.example.com/tools:1.${i % 4}
      command: ["sleep", "3600"]
      volumeMounts:
        - name: scratch
          mountPath: /scratch
    - name: proxy
      image: envoyproxy/envoy:v1.31
      volumeMounts:
        - name: scratch
          mountPath: /scratch
          readOnly: true
  volumes:
    - name: scratch
      emptyDir: {}
`;
}

function cronJob(i) {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report-${i}
spec:
  schedule: "${i % 60} 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - name: cloud-sql-proxy
              image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11
              restartPolicy: Always
              args: ["--port=5432", "project:region:db-${i}"]
            - name: uploader
              image: registry.example.com/uploader:1.${i % 5}
              restartPolicy: Always
              args: [--watch, /reports]
              volumeMounts:
                - name: reports
                  mountPath: /reports
                  readOnly: true
          containers:
            - name: report
              image: registry.example.com/report:3.${i % 8}
              args: [--out, /reports/daily.csv]
              volumeMounts:
                - name: reports
                  mountPath: /reports
          volumes:
            - name: reports
              emptyDir: {}
`;
}

function service(i) {
  return `apiVersion: v1
kind: Service
metadata:
  name: web-${i}
spec:
  selector:
    app.kubernetes.io/name: web-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function configMap(i) {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-${i}
data:
  config.yaml: |
    listen: :8080
    logDir: /var/log/web
    feature: "${i % 2 === 0 ? 'on' : 'off'}"
  level: info
`;
}

const KINDS = [deployment, service, configMap, pod, cronJob, deployment, service, configMap, deployment, service];

/** A typo in a document's metadata (`lables`): an unknown field, which schema-validation reports at its key. */
function withTypo(text) {
  return text.replace('metadata:\n', 'metadata:\n  lables:\n    team: payments\n');
}

/**
 * `documents` documents in files of `perFile`, under `directory` (emptied first). One document in `findingEvery` has
 * a finding: a Deployment mounts a volume under a wrong name, any other kind has a typo in its metadata.
 */
export function generateRepository(directory, documents, perFile = 10, findingEvery = 50) {
  rmSync(directory, { recursive: true, force: true });
  let written = 0;
  for (let file = 0; written < documents; file++) {
    const folder = path.join(directory, `team-${file % 23}`, `app-${file}`);
    mkdirSync(folder, { recursive: true });
    const parts = [];
    for (let k = 0; k < perFile && written < documents; k++, written++) {
      const kind = KINDS[written % KINDS.length];
      const broken = written % findingEvery === 0;
      const text = kind(written, broken);
      parts.push(broken && kind !== deployment ? withTypo(text) : text);
    }
    writeFileSync(path.join(folder, 'manifests.yaml'), parts.join('---\n'));
  }
  return written;
}
