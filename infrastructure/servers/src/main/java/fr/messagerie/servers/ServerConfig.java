package fr.messagerie.servers;

import java.nio.file.Path;

/**
 * What the local AWS servers need to start: the region and account of the ARNs and queue URLs ElasticMQ answers,
 * where s3proxy keeps its objects (null: in memory) and the origin it allows cross-origin (null: none), and the
 * folder of the npm package aws-ses-v2-local (infrastructure/servers/ses-server).
 */
public record ServerConfig(String region, String accountId, Path s3DataDirectory, String s3FrontEndOrigin,
                           Path sesServerDirectory) {
}
