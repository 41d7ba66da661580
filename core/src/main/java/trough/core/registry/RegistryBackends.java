package trough.core.registry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens a registry by its location's URL scheme, with whichever {@link RegistryProvider} on the class path answers it. */
public final class RegistryBackends {
    /** RFC 3986's scheme; two characters at least, so that a Windows drive letter is not taken for one. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);

    private RegistryBackends() {}

    /**
     * Opens the registry at {@code location} ({@code scheme:...}).
     *
     * @throws IllegalArgumentException when the location has no scheme, no backend answers its scheme, or the
     *                                  backend finds it malformed
     */
    public static Registry open(String location) {
        return provider(location).open(location);
    }

    /** The location as it may be shown: without a password. */
    public static String describe(String location) {
        return provider(location).describe(location);
    }

    /** The location's URL scheme, if it has one. */
    public static Optional<String> scheme(String location) {
        Matcher matcher = SCHEME.matcher(location);
        return matcher.matches() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** The backends on the class path, in the order the service files list them. */
    public static List<RegistryProvider> providers() {
        return ServiceLoader.load(RegistryProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    private static RegistryProvider provider(String location) {
        List<RegistryProvider> providers = providers();
        String scheme = scheme(location).orElseThrow(() -> new IllegalArgumentException(
                "registry '" + location + "' has no scheme" + choices(providers)));
        return providers.stream().filter(provider -> provider.scheme().equals(scheme)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no registry backend answers '" + scheme + ":'" + choices(providers)));
    }

    private static String choices(List<RegistryProvider> providers) {
        if (providers.isEmpty()) return ", and no registry backend is on the class path";
        return "; use " + String.join(" or ", providers.stream().map(RegistryProvider::example).toList());
    }
}
