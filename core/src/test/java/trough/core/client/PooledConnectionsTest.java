package trough.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * A driver's threads fan out to a worker many at once: the shared HTTP client keeps their connections for
 * the next round instead of closing all but a few and opening them again (a real HTTP server on loopback).
 */
class PooledConnectionsTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 5;

    @Test
    void concurrentRequestsReuseTheirConnectionsRoundAfterRound() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        // Every answer takes a while, so that a round's requests overlap and each needs a connection of its own.
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(THREADS));
        server.start();
        AtomicInteger opened = new AtomicInteger();
        OkHttpClient http = WorkerClient.defaultHttpClient().newBuilder().eventListener(new EventListener() {
            @Override
            public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                opened.incrementAndGet();
            }
        }).build();
        HttpUrl url = new HttpUrl.Builder().scheme("http").host(server.getAddress().getAddress().getHostAddress())
                .port(server.getAddress().getPort()).addPathSegments("v1/health").build();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Integer> openedPerRound = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                int before = opened.get();
                CyclicBarrier together = new CyclicBarrier(THREADS);
                List<Future<String>> answers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    answers.add(threads.submit(() -> {
                        together.await();
                        try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
                            return response.body().string();
                        }
                    }));
                }
                for (Future<String> answer : answers) assertEquals("ok", answer.get(30, TimeUnit.SECONDS));
                openedPerRound.add(opened.get() - before);
            }
            assertTrue(openedPerRound.get(0) > 1, "the first round's requests overlapped: " + openedPerRound);
            assertEquals(0, openedPerRound.subList(1, ROUNDS).stream().mapToInt(Integer::intValue).sum(),
                    "connections opened in each round (the first opens them; later rounds reuse them): " + openedPerRound);
        } finally {
            threads.shutdownNow();
            http.connectionPool().evictAll();
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
