// Real pod specs from the seed articles, trimmed to what istio-init reads. They are sample
// INPUT for the editor (the rules are always computed), so they live as data here.

/** Seed 000: Bookinfo productpage after `istioctl kube-inject`, Istio 1.0 (init args verbatim). */
export const BOOKINFO_PRODUCTPAGE_1_0 = `# Bookinfo productpage after istioctl kube-inject (Istio 1.0, seed 000)
apiVersion: v1
kind: Service
metadata:
  name: productpage
  labels:
    app: productpage
spec:
  ports:
  - port: 9080
    name: http
  selector:
    app: productpage
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: productpage-v1
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: productpage
        version: v1
    spec:
      containers:
      - image: istio/examples-bookinfo-productpage-v1:1.8.0
        name: productpage
        ports:
        - containerPort: 9080
      - args:
        - proxy
        - sidecar
        - --configPath
        - /etc/istio/proxy
        image: jimmysong/istio-release-proxyv2:1.0.0
        name: istio-proxy
      initContainers:
      - args:
        - -p
        - "15001"
        - -u
        - "1337"
        - -m
        - REDIRECT
        - -i
        - '*'
        - -x
        - ""
        - -b
        - 9080,
        - -d
        - ""
        image: jimmysong/istio-release-proxy_init:1.0.0
        name: istio-init
        securityContext:
          capabilities:
            add:
            - NET_ADMIN
          privileged: true
`;

/** Seed 004: a pod injected by Istio 1.25.2's webhook (init container args verbatim). */
export const INJECTED_POD_1_25 = `# A pod injected by Istio 1.25.2 (seed 004)
apiVersion: v1
kind: Pod
metadata:
  name: testpod
  namespace: istio
  labels:
    app: testpod
    security.istio.io/tlsMode: istio
spec:
  containers:
  - name: testpod
    image: nginx
  - name: istio-proxy
    image: docker.io/istio/proxyv2:1.25.2
    args:
    - proxy
    - sidecar
    - --domain
    - $(POD_NAMESPACE).svc.cluster.local
  initContainers:
  - name: istio-init
    image: docker.io/istio/proxyv2:1.25.2
    args:
    - istio-iptables
    - -p # Envoy's outbound port
    - "15001"
    - -z # Envoy's inbound capture port
    - "15006"
    - -u # the uid Envoy runs as
    - "1337"
    - -m # interception mode
    - REDIRECT
    - -i # capture all outbound IP ranges
    - '*'
    - -b # capture all inbound ports
    - '*'
    - -d # inbound ports kept away from Envoy
    - 15090,15021,15020
    - --log_output_level=default:info
`;
