#!/usr/bin/env bash
# Checks the deployment files without Docker or a Kubernetes cluster: every YAML parses; Kubernetes objects are
# complete and refer to each other correctly (probes and Services to container ports, Ingress to Services,
# selectors to pods, secret keys to the documented Secret); compose services refer to services, files and
# networks that exist; Dockerfiles copy paths that exist; nginx accepts the rendered config of both the loopback
# cluster and the compose file. Ends with "validate: OK" or lists every problem and exits 1.
#   deploy/validate.sh           the checks above (seconds)
#   deploy/validate.sh --build   also runs each Dockerfile's build stage without Docker (minutes): only the files
#                                its COPY lines name, in an empty folder, then its RUN lines there
set -euo pipefail
cd "$(dirname "$0")/.."
build=false
case "${1:-}" in
  "") ;;
  --build) build=true ;;
  -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  *) echo "usage: deploy/validate.sh [--build]" >&2; exit 2 ;;
esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export VALIDATE_NGINX_ENV="$tmp/compose-nginx.env"

python3 - <<'PY'
import glob, os, re, shlex, sys
import yaml

problems = []
def problem(where, text):
    problems.append(f"{where}: {text}")

# 1. Every YAML file parses.
docs = {}
for path in sorted(glob.glob("deploy/**/*.y*ml", recursive=True)):
    try:
        with open(path) as f:
            docs[path] = [d for d in yaml.safe_load_all(f) if d is not None]
    except yaml.YAMLError as e:
        problem(path, f"does not parse: {e}")
print(f"validate: {len(docs)} YAML files parse")

# 2. Kubernetes objects.
k8s = [(p, d) for p in docs if p.startswith("deploy/k8s/") for d in docs[p]]
workloads, services, secrets = [], {}, {}
for path, d in k8s:
    kind = d.get("kind")
    if kind == "Kustomization":
        for res in d.get("resources", []):
            if not os.path.exists(os.path.join(os.path.dirname(path), res)):
                problem(path, f"resource {res} does not exist")
        continue
    name = (d.get("metadata") or {}).get("name")
    if not d.get("apiVersion") or not kind or not name:
        problem(path, f"a document lacks apiVersion, kind or metadata.name: {kind}/{name}")
        continue
    where = f"{path} {kind}/{name}"
    if kind in ("Deployment", "StatefulSet", "DaemonSet"):
        spec = d["spec"]
        labels = spec["template"]["metadata"].get("labels", {})
        sel = spec["selector"].get("matchLabels", {})
        if any(labels.get(k) != v for k, v in sel.items()):
            problem(where, "selector does not match the pod template's labels")
        workloads.append((where, labels, spec["template"]["spec"]))
    elif kind == "Service":
        services[name] = (where, d)
    elif kind == "Secret":
        secrets[name] = set((d.get("stringData") or {}).keys()) | set((d.get("data") or {}).keys())
    if kind in ("Deployment", "StatefulSet") and "terminationGracePeriodSeconds" not in d["spec"]["template"]["spec"]:
        problem(where, "no terminationGracePeriodSeconds")

def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())

def port_ok(port, ports):
    return port in {p.get("name") for p in ports} | {p.get("containerPort") for p in ports}

for where, labels, pod in workloads:
    for c in pod["containers"]:
        cw = f"{where} container {c['name']}"
        ports = c.get("ports", [])
        names = [p["name"] for p in ports if "name" in p]
        if len(names) != len(set(names)):
            problem(cw, "port names repeat")
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            spec = c.get(probe)
            if probe in ("readinessProbe", "livenessProbe") and not spec:
                problem(cw, f"no {probe}")
            if not spec:
                continue
            for handler in ("httpGet", "tcpSocket", "grpc"):
                if handler in spec and not port_ok(spec[handler].get("port"), ports):
                    problem(cw, f"{probe} uses port {spec[handler].get('port')!r}, not a container port")
        defined = set()
        for e in c.get("env", []):
            for ref in re.findall(r"\$\((\w+)\)", str(e.get("value", ""))):
                if ref not in defined:
                    problem(cw, f"env {e['name']} refers to $({ref}), not defined before it")
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref and ref.get("key") not in secrets.get(ref.get("name"), set()):
                problem(cw, f"env {e['name']} needs secret {ref.get('name')}/{ref.get('key')}, "
                            "not in the documented Secret (secret.example.yaml)")
            defined.add(e["name"])

pod_labels = [(w, l, p) for w, l, p in workloads]
for name, (where, d) in services.items():
    sel = d["spec"].get("selector", {})
    targets = [p for _, l, p in pod_labels if matches(sel, l)]
    if not targets:
        problem(where, f"selector {sel} matches no pod template")
    for sp in d["spec"].get("ports", []):
        target = sp.get("targetPort", sp.get("port"))
        for pod in targets:
            if not any(port_ok(target, c.get("ports", [])) for c in pod["containers"]):
                problem(where, f"targetPort {target!r} is not a container port of the selected pods")

for path, d in k8s:
    kind, name = d.get("kind"), (d.get("metadata") or {}).get("name")
    where = f"{path} {kind}/{name}"
    if kind == "PodDisruptionBudget":
        sel = d["spec"]["selector"].get("matchLabels", {})
        if not any(matches(sel, l) for _, l, _ in workloads):
            problem(where, f"selector {sel} matches no pod template")
    if kind == "Ingress":
        backends = [p["backend"]["service"] for r in d["spec"].get("rules", []) for p in r["http"]["paths"]]
        for b in backends:
            svc = services.get(b["name"])
            if not svc:
                problem(where, f"backend service {b['name']} does not exist")
                continue
            port = b["port"].get("name", b["port"].get("number"))
            svc_ports = svc[1]["spec"]["ports"]
            if port not in {p.get("name") for p in svc_ports} | {p.get("port") for p in svc_ports}:
                problem(where, f"backend port {port!r} is not a port of service {b['name']}")
        notes = d["metadata"].get("annotations", {})
        for key in ("proxy-read-timeout", "proxy-send-timeout"):
            value = notes.get(f"nginx.ingress.kubernetes.io/{key}")
            if value is None or int(value) <= 95:
                problem(where, f"{key} must be above the 95 s long-poll wait (is {value})")
print(f"validate: {len(k8s)} Kubernetes documents checked ({len(workloads)} workloads, {len(services)} services)")

# 3. The compose file.
compose_path = "deploy/compose/compose.yaml"
compose = docs.get(compose_path, [{}])[0]
base = os.path.dirname(compose_path)
svcs = compose.get("services", {})
nets = set((compose.get("networks") or {}).keys())
for name, s in svcs.items():
    where = f"{compose_path} service {name}"
    deps = s.get("depends_on", {})
    for dep in (deps if isinstance(deps, list) else deps.keys()):
        if dep not in svcs:
            problem(where, f"depends_on {dep}, which is not a service")
    for net in (s.get("networks") or []):
        if net not in nets:
            problem(where, f"network {net} is not declared")
    build = s.get("build")
    if build:
        ctx = os.path.normpath(os.path.join(base, build["context"]))
        if not os.path.isfile(os.path.join(ctx, build["dockerfile"])):
            problem(where, f"dockerfile {build['dockerfile']} not found in context {ctx}")
    for v in s.get("volumes", []):
        src = v.split(":")[0]
        if src.startswith((".", "/")) and not os.path.exists(os.path.join(base, src)):
            problem(where, f"volume source {src} does not exist")
    env = s.get("environment") or {}
    if name.startswith(("silo", "gateway")):
        if "healthcheck" not in s or "/health/ready" not in str(s["healthcheck"].get("test")):
            problem(where, "no healthcheck on /health/ready")
        if env.get("OTEL_EXPORTER_OTLP_ENDPOINT") != "http://otel-collector:4317":
            problem(where, "OTEL_EXPORTER_OTLP_ENDPOINT is not http://otel-collector:4317")
    if name.startswith("silo"):
        ip = ((s.get("networks") or {}).get("fastio") or {}).get("ipv4_address")
        if env.get("Orleans__Endpoints__AdvertisedIP") != ip:
            problem(where, f"AdvertisedIP {env.get('Orleans__Endpoints__AdvertisedIP')} is not its address {ip}")
        if str(env.get("Orleans__Endpoints__ListenOnAnyHostAddress")).lower() != "true":
            problem(where, "ListenOnAnyHostAddress is not true")
print(f"validate: compose file checked ({len(svcs)} services)")

# 4. Dockerfiles copy what exists (paths relative to the repository root, the build context).
for path in sorted(glob.glob("deploy/docker/*.Dockerfile")):
    for line in open(path):
        m = re.match(r"\s*COPY\s+(?!--from)(.+)", line)
        if not m:
            continue
        *sources, _ = m.group(1).split()
        for src in sources:
            if not os.path.exists(src.rstrip("/")):
                problem(path, f"COPY source {src} does not exist")
print("validate: Dockerfile COPY sources checked")

# Hand the compose file's nginx settings to the shell part below.
env = svcs.get("nginx", {}).get("environment", {})
with open(os.environ.get("VALIDATE_NGINX_ENV", "/dev/null"), "w") as out:
    for key in ("FASTIO_LISTEN", "FASTIO_UPSTREAM_SERVERS"):
        out.write(f"{key}={shlex.quote(str(env.get(key, '')))}\n")

if problems:
    print("validate: problems:")
    for p in problems:
        print("  - " + p)
    sys.exit(1)
PY

# 5. nginx accepts both renderings of deploy/nginx/fastio.conf.template.
#    Loopback: exactly what cluster.sh renders and runs (it checks with nginx -t and starts nothing).
deploy/cluster/cluster.sh check-nginx
#    Compose: the image renders the template with envsubst (only FASTIO_ variables) into conf.d/ under its stock
#    nginx.conf. nginx -t resolves upstream names, and gateway-N exist only on the compose network, so they are
#    checked as 127.0.0.1; the access log goes to the temporary folder.
mkdir -p "$tmp/conf.d"
set -a; source "$VALIDATE_NGINX_ENV"; set +a
FASTIO_UPSTREAM_SERVERS="$(sed -E 's/gateway-[0-9]+:/127.0.0.1:/g' <<<"$FASTIO_UPSTREAM_SERVERS")" \
  FASTIO_ACCESS_LOG="$tmp/access.log" \
  envsubst '${FASTIO_LISTEN} ${FASTIO_UPSTREAM_SERVERS} ${FASTIO_ACCESS_LOG}' \
  <deploy/nginx/fastio.conf.template >"$tmp/conf.d/fastio.conf"
cat >"$tmp/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/error.log notice;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/conf.d/*.conf;
}
CONF
if ! nginx -t -q -p "$tmp/" -c "$tmp/nginx.conf" -e "$tmp/error.log"; then
  echo "validate: nginx refuses the compose rendering of the template:" >&2
  cat -n "$tmp/conf.d/fastio.conf" >&2
  exit 1
fi
echo "validate: nginx -t accepts the compose rendering (listen $FASTIO_LISTEN)"

# 6. (--build) A Dockerfile's build stage sees only what its COPY lines bring: a file they miss breaks the image
#    though the repository builds. The SDK here stands in for the SDK image.
build_stage() {
  local dockerfile="$1" stage="$tmp/${1##*/}" line dest src
  mkdir -p "$stage/src"
  while read -r line; do
    read -ra parts <<<"${line#COPY }"
    dest="${parts[-1]}"; unset 'parts[-1]'
    for src in "${parts[@]}"; do
      mkdir -p "$stage/src/$dest"
      if [ -d "$src" ]; then
        cp -r "$src/." "$stage/src/$dest"
        find "$stage/src/$dest" -depth -type d \( -name bin -o -name obj \) -exec rm -rf {} +
      else
        cp "$src" "$stage/src/$dest"
      fi
    done
  done < <(sed -n '/^FROM .* AS build/,/^FROM /p' "$dockerfile" | grep -E '^COPY ' | grep -v -- '--from')
  while read -r line; do
    (cd "$stage/src" && bash -c "${line/ \/app/ $stage/app}") >>"$stage/build.log" 2>&1 || {
      tail -n 20 "$stage/build.log" >&2; echo "validate: $dockerfile: '$line' fails" >&2; exit 1; }
  done < <(sed -n '/^FROM .* AS build/,/^FROM /p' "$dockerfile" | sed -n 's/^RUN //p')
  echo "validate: $dockerfile build stage publishes ($(ls "$stage/app" | grep -c '\.dll$') assemblies)"
}
if $build; then
  for dockerfile in deploy/docker/*.Dockerfile; do build_stage "$dockerfile"; done
fi
echo "validate: OK"
