package trough.jdbc;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sends the connection's token, or user and password, with every request to the cluster. */
final class Credentials implements Interceptor {
    private final String authorization;

    Credentials(TroughUrl url) {
        String token = url.get(ConnectionProperty.TOKEN);
        String user = url.get(ConnectionProperty.USER);
        if (token != null) {
            authorization = "Bearer " + token;
        } else if (user != null) {
            String password = url.get(ConnectionProperty.PASSWORD);
            authorization = okhttp3.Credentials.basic(user, password == null ? "" : password);
        } else {
            authorization = null;
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (authorization == null) return chain.proceed(chain.request());
        return chain.proceed(chain.request().newBuilder().header("Authorization", authorization).build());
    }
}
