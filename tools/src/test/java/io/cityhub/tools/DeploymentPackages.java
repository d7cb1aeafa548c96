package io.cityhub.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Version;

/**
 * Builds the deployment packages the upgrade tests need from the ones the distribution built: the previous release
 * (the same bundles, each relabelled with the previous version in its own manifest and in the package's, so
 * DeploymentAdmin really updates every bundle), and a package at another version. Entries keep their order,
 * manifest first, no directory entries (notes/kura.md §4).
 */
final class DeploymentPackages {

    private static final String DP_VERSION = "DeploymentPackage-Version";

    private DeploymentPackages() {
    }

    /** @return the {@code DeploymentPackage-FixPack} range's lower bound: the release the fix-package upgrades */
    static Version fixPackBase(byte[] fixPack) throws IOException {
        String range = manifest(fixPack).getMainAttributes().getValue("DeploymentPackage-FixPack");
        if (range == null || !range.startsWith("[") || !range.contains(",")) {
            throw new IOException("not a fix-package with a [base,version) range: DeploymentPackage-FixPack=" + range);
        }
        return Version.parseVersion(range.substring(1, range.indexOf(',')).trim());
    }

    /** @return the package's manifest */
    static Manifest manifest(byte[] dp) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(dp))) {
            if (in.getManifest() == null) {
                throw new IOException("no manifest as the first entry");
            }
            return in.getManifest();
        }
    }

    /** @return the BSNs a fix-package marks DeploymentPackage-Missing (kept from the installed package) */
    static List<String> missing(byte[] dp) throws IOException {
        return sections(dp, true);
    }

    /** @return the BSNs of the bundles the package carries */
    static List<String> carried(byte[] dp) throws IOException {
        return sections(dp, false);
    }

    private static List<String> sections(byte[] dp, boolean missing) throws IOException {
        List<String> names = new ArrayList<>();
        for (Attributes section : manifest(dp).getEntries().values()) {
            if (missing == "true".equals(section.getValue("DeploymentPackage-Missing"))) {
                names.add(section.getValue("Bundle-SymbolicName"));
            }
        }
        return names;
    }

    /** The same package with another DeploymentPackage-Version; the bundles unchanged. */
    static byte[] withVersion(byte[] dp, Version version) throws IOException {
        return rewrite(dp, version, null);
    }

    /**
     * The package as the previous release: package version and every bundle's Bundle-Version (in the bundle's own
     * manifest and in its section) set to {@code previous}.
     */
    static byte[] asRelease(byte[] dp, Version previous) throws IOException {
        return rewrite(dp, previous, previous);
    }

    private static byte[] rewrite(byte[] dp, Version packageVersion, Version bundleVersion) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(dp.length);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(dp))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue(DP_VERSION, packageVersion.toString());
            if (bundleVersion != null) {
                for (Attributes section : manifest.getEntries().values()) {
                    section.putValue("Bundle-Version", bundleVersion.toString());
                }
            }
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    byte[] content = in.readAllBytes();
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    jar.write(bundleVersion == null ? content : relabelBundle(entry.getName(), content, bundleVersion));
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] relabelBundle(String name, byte[] bundle, Version version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bundle.length);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(bundle))) {
            if (in.getManifest() == null) {
                throw new IOException(name + " has no manifest: not a bundle");
            }
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version.toString());
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
