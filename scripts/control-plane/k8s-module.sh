# Sourced by scripts/control-plane/build.sh and scripts/node-cluster/build.sh: both build
# binaries from k8s.io/kubernetes at one pinned version, and both need the same throwaway
# module around it. Needs K8S_VERSION set; defines k8s_module and k8s_ldflags.

# k8s.io/kubernetes lists its staging modules at v0.0.0, which the module proxy does not
# have; each is replaced by its published tag v0.<minor>.<patch>.
k8s_staging=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
  cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
  cri-client csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms
  kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics
  mount-utils pod-security-admission sample-apiserver sample-cli-plugin sample-controller)

# k8s_module DIR MODULE CMD...: writes a module in DIR that requires k8s.io/kubernetes and
# imports each k8s.io/kubernetes/cmd/CMD (so `go mod tidy` keeps their dependencies).
k8s_module() {
  local dir=$1 name=$2 m c
  shift 2
  mkdir -p "$dir"
  {
    echo "module $name"
    echo "go 1.24"
    echo "require k8s.io/kubernetes $K8S_VERSION"
    for m in "${k8s_staging[@]}"; do echo "replace k8s.io/$m => k8s.io/$m v0.${K8S_VERSION#v1.}"; done
  } > "$dir/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    for c in "$@"; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$c"; done
    printf ')\n'
  } > "$dir/tools.go"
  (cd "$dir" && go mod tidy -e >/dev/null)
}

# So that `--version` is truthful (a release build's Makefile sets these).
k8s_ldflags() {
  echo "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION" \
    "-X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2)"
}
