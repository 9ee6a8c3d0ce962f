import type { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { FileStorage } from "./storage";

export interface S3Options {
  /** Any S3-compatible service: MinIO, Garage, Ceph, R2, B2, AWS itself (unset: AWS). */
  endpoint: string | null;
  bucket: string;
  region: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  /** bucket in the path (`host/bucket/key`), as most self-hosted services want. */
  forcePathStyle: boolean;
}

/**
 * Files in an S3-compatible bucket, so every instance of a multi-host install reads and writes the
 * same ones. Objects are put with their length known (the file was received to disk first), so no
 * multipart upload is needed below 5 GB; reads stream the object's body.
 */
export function createS3Storage(options: S3Options): FileStorage {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle,
    // Checksums only where S3 requires them: the default (a CRC trailer in aws-chunked encoding)
    // is not understood by many S3-compatible services, which then store the framing as content.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
  });
  const Bucket = options.bucket;
  return {
    async put(key, body, type, size) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: type, ContentLength: size }));
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!object.Body) return null;
        return { body: object.Body as Readable, size: object.ContentLength ?? 0 };
      } catch (error) {
        if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return null;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
