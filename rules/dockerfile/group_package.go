package dockerfile

import "github.com/stridelint/stridelint/rules"

// packageRules returns the rules about package managers in RUN: signature
// checks, version pins, upgrades, index updates, prompts, caches and
// recommended packages. They share one reader of package-manager command
// lines (pkg_manager.go).
func packageRules() []*rules.Rule {
	return []*rules.Rule{
		pkgSignatureDisabled, // DF010
		pkgOSUnpinned,        // DF014
		pkgLangUnpinned,      // DF015
		pkgUpgrade,           // DF016
		pkgUpdateAlone,       // DF017
		pkgInteractive,       // DF018
		pkgCacheLeft,         // DF019
		pkgRecommends,        // DF020
		pkgAptCLI,            // DF039
	}
}
