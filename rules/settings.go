package rules

// Settings are the user's choices that change what some rules judge. They
// come from the configuration file and flags; a rule reads them from its
// pass and must behave sensibly with the zero value.
type Settings struct {
	// TrustedRegistries are the registries images may come from (DF006):
	// host names, with "*.example.com" wildcards. Empty means the rule
	// has nothing to judge against.
	TrustedRegistries []string `json:"trustedRegistries,omitempty"`
	// DockerfileTarget is the stage that is the build's output (docker
	// build --target); empty means the last stage.
	DockerfileTarget string `json:"dockerfileTarget,omitempty"`
	// KubernetesDefaultNamespace is the namespace objects without
	// metadata.namespace are applied to (kubectl apply -n); empty means
	// unknown.
	KubernetesDefaultNamespace string `json:"kubernetesDefaultNamespace,omitempty"`
}
